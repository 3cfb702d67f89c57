import type { AssignableRole } from '../../../contracts/boards';
import { type InvitationRecord, InvitationsRepository, type SettledStatus } from './invitations.repository';

export class MemoryInvitationsRepository extends InvitationsRepository {
  private readonly invitations = new Map<string, InvitationRecord>();
  /** `<boardId>/<inviteeId>` → id of the pending invitation. */
  private readonly pending = new Map<string, string>();

  async create(invitation: InvitationRecord): Promise<void> {
    this.invitations.set(invitation.id, { ...invitation });
    this.pending.set(pendingKey(invitation.boardId, invitation.inviteeId), invitation.id);
  }

  async find(id: string): Promise<InvitationRecord | undefined> {
    const invitation = this.invitations.get(id);
    return invitation && { ...invitation };
  }

  async findPending(boardId: string, inviteeId: string): Promise<InvitationRecord | undefined> {
    const id = this.pending.get(pendingKey(boardId, inviteeId));
    const invitation = id === undefined ? undefined : this.invitations.get(id);
    return invitation?.status === 'pending' ? { ...invitation } : undefined;
  }

  async setRole(id: string, role: AssignableRole): Promise<InvitationRecord | undefined> {
    const invitation = this.invitations.get(id);
    if (invitation?.status !== 'pending') {
      return undefined;
    }
    invitation.role = role;
    return { ...invitation };
  }

  async settle(id: string, status: SettledStatus) {
    const invitation = this.invitations.get(id);
    if (!invitation) {
      return { result: 'missing' } as const;
    }
    if (invitation.status !== 'pending') {
      return { result: 'not_pending', invitation: { ...invitation } } as const;
    }
    invitation.status = status;
    const key = pendingKey(invitation.boardId, invitation.inviteeId);
    if (this.pending.get(key) === id) {
      this.pending.delete(key);
    }
    return { result: 'settled', invitation: { ...invitation } } as const;
  }

  async listPendingForBoard(boardId: string): Promise<InvitationRecord[]> {
    return this.listPending((invitation) => invitation.boardId === boardId);
  }

  async listPendingForUser(userId: string): Promise<InvitationRecord[]> {
    return this.listPending((invitation) => invitation.inviteeId === userId);
  }

  async deleteBoard(boardId: string): Promise<void> {
    for (const [id, invitation] of this.invitations) {
      if (invitation.boardId === boardId) {
        this.invitations.delete(id);
        this.pending.delete(pendingKey(boardId, invitation.inviteeId));
      }
    }
  }

  private listPending(filter: (invitation: InvitationRecord) => boolean): InvitationRecord[] {
    return [...this.pending.values()]
      .map((id) => this.invitations.get(id))
      .filter(
        (invitation): invitation is InvitationRecord => invitation !== undefined && invitation.status === 'pending' && filter(invitation),
      )
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((invitation) => ({ ...invitation }));
  }
}

const pendingKey = (boardId: string, inviteeId: string): string => `${boardId}/${inviteeId}`;
