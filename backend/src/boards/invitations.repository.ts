import type { AssignableRole, InvitationStatus } from '../../../contracts/boards';

/** An invitation as stored: users by id (resolved by the service). */
export interface InvitationRecord {
  id: string;
  boardId: string;
  /** The title when invited: the invitee may not read the board itself before accepting. */
  boardTitle: string;
  inviteeId: string;
  invitedById: string;
  role: AssignableRole;
  status: InvitationStatus;
  createdAt: string;
}

export type SettledStatus = Exclude<InvitationStatus, 'pending'>;

/**
 * Port for board invitations. At most one pending invitation per board and invitee is the one
 * `findPending` answers; settling one is a single atomic step from 'pending', so an invitation is
 * accepted, declined or cancelled once.
 */
export abstract class InvitationsRepository {
  /** Stores a pending invitation and makes it the board's one for that invitee. */
  abstract create(invitation: InvitationRecord): Promise<void>;
  abstract find(id: string): Promise<InvitationRecord | undefined>;
  /** The board's pending invitation for the user (it may have expired: the caller decides). */
  abstract findPending(boardId: string, inviteeId: string): Promise<InvitationRecord | undefined>;
  /** Changes the role of a pending invitation; undefined when it is not pending (any more). */
  abstract setRole(id: string, role: AssignableRole): Promise<InvitationRecord | undefined>;
  /** Moves a pending invitation to `status`; 'not_pending' (with the record) when it was settled already. */
  abstract settle(
    id: string,
    status: SettledStatus,
  ): Promise<
    { result: 'settled'; invitation: InvitationRecord } | { result: 'not_pending'; invitation: InvitationRecord } | { result: 'missing' }
  >;
  /** Pending invitations of the board, oldest first. */
  abstract listPendingForBoard(boardId: string): Promise<InvitationRecord[]>;
  /** Pending invitations to the user, oldest first. */
  abstract listPendingForUser(userId: string): Promise<InvitationRecord[]>;
  /** Forgets every invitation to the board (it was deleted). */
  abstract deleteBoard(boardId: string): Promise<void>;
}
