import type { PresenceStatus, PresentUser } from '../../../contracts/presence';

export interface PresenceMember {
  userId: string;
  username: string;
  displayName: string;
}

export interface PresenceLeave {
  boardId: string;
  userId: string;
}

/**
 * Port: who is on which board, counted per stream. A user joins with their
 * first stream on a board and leaves when the last one has been closed for
 * the grace period (or its pod died). Each join and leave is reported to
 * exactly one caller, whichever pod it runs on.
 */
export abstract class PresenceStore {
  /** This pod's lease in `presence:pods` (Redis mode): other modules record their streams under it too (calls). */
  abstract readonly podId: string;
  /** Counts one more stream; returns the user when this made them present (announce it). */
  abstract join(boardId: string, member: PresenceMember, connectionId: string): Promise<PresentUser | undefined>;
  /**
   * Counts one stream less; a user with none left leaves once the grace period is over
   * (`graceMs`: PRESENCE_GRACE_MS unless given; 0 when access was revoked and no reconnect can follow).
   */
  abstract leave(boardId: string, userId: string, connectionId: string, graceMs?: number): Promise<void>;
  /** Forgets the board (it was deleted): nobody is present, nothing is announced for it any more. */
  abstract purgeBoard(boardId: string): Promise<void>;
  /** Leaves that became final (grace over, or their pod died), each handed to one caller only. */
  abstract sweep(): Promise<PresenceLeave[]>;
  abstract list(boardId: string): Promise<PresentUser[]>;
  /** Stores the status; returns the boards the user is present on, where it changed. */
  abstract setStatus(userId: string, status: PresenceStatus): Promise<string[]>;
  /** Starts this pod's lease (Redis); a no-op in one process. */
  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
}
