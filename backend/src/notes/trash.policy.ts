import { MAX_TRASH_PER_BOARD, TRASH_RETENTION_DAYS } from '../../../contracts/boards';
import type { TrashPolicy } from '../boards/boards.repository';

export const TRASH_POLICY: TrashPolicy = { retentionMs: TRASH_RETENTION_DAYS * 24 * 3600 * 1000, maxNotes: MAX_TRASH_PER_BOARD };
