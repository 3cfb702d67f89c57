import type { AssignableRole } from '../../../contracts/boards';

/** An invite link as stored: its token only as a SHA-256 hash. */
export interface InviteLinkRecord {
  id: string;
  boardId: string;
  tokenHash: string;
  role: AssignableRole;
  createdBy: string;
  createdAt: string;
  /** Epoch ms. */
  expiresAt: number;
  maxUses?: number;
  uses: number;
}

export type UseResult = { result: 'used'; link: InviteLinkRecord } | { result: 'expired' | 'used_up' } | { result: 'missing' };

/**
 * Port for invite links. A link is live until it expires, is used up or is revoked (then it is
 * gone: 404). Counting a use is atomic, so parallel accepts never go beyond maxUses.
 */
export abstract class InviteLinksRepository {
  /** Stores the link unless the board already has `maxLive` live links ('full'). */
  abstract create(link: InviteLinkRecord, maxLive: number, now: number): Promise<'created' | 'full'>;
  /** The link for a token hash, live or not; undefined when unknown or revoked. */
  abstract findByTokenHash(tokenHash: string): Promise<InviteLinkRecord | undefined>;
  /** The board's live links, oldest first. */
  abstract listLive(boardId: string, now: number): Promise<InviteLinkRecord[]>;
  /** False when the board has no such link. */
  abstract revoke(boardId: string, linkId: string): Promise<boolean>;
  /** Counts one use of a live link. */
  abstract use(tokenHash: string, now: number): Promise<UseResult>;
  abstract deleteBoard(boardId: string): Promise<void>;
}

export function isLive(link: InviteLinkRecord, now: number): boolean {
  return link.expiresAt > now && (link.maxUses === undefined || link.uses < link.maxUses);
}
