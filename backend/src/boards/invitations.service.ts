import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type AssignableRole, type Board, type BoardInvitation, INVITATION_TTL_DAYS } from '../../../contracts/boards';
import { boardChannel, userChannel } from '../../../contracts/channels';
import { Clock } from '../common/clock';
import { EventBus } from '../events/event-bus';
import { NotificationsService } from '../notifications/notifications.service';
import type { Actor } from '../users/actor';
import { toPublicUser } from '../users/user';
import { UsersRepository } from '../users/users.repository';
import { BoardAccess } from './board-access';
import {
  AlreadyAMemberError,
  BoardNotFoundError,
  InvitationExpiredError,
  InvitationNotFoundError,
  InvitationSettledError,
  UnknownUsernameError,
} from './boards.errors';
import { BoardsRepository } from './boards.repository';
import { type InvitationRecord, InvitationsRepository } from './invitations.repository';

const TTL_MS = INVITATION_TTL_DAYS * 24 * 3600 * 1000;

/**
 * Invitations are offers: the invitee joins only when they accept, and sees nothing of the board
 * before. Each change is announced on the board (the owner's settings panel) and on the invitee's
 * own channel (their notifications).
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly boards: BoardsRepository,
    private readonly access: BoardAccess,
    private readonly users: UsersRepository,
    private readonly bus: EventBus,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  /** A pending invitation for the user is reused (with the new role), so inviting twice never notifies twice. */
  async invite(actor: Actor, boardId: string, username: string, role: AssignableRole = 'editor'): Promise<BoardInvitation> {
    const board = await this.access.assertOwner(actor, boardId, 'invite members');
    const invitee = await this.users.findByUsername(username);
    if (!invitee) {
      throw new UnknownUsernameError(username);
    }
    if (board.memberIds.includes(invitee.id)) {
      throw new AlreadyAMemberError();
    }
    const existing = await this.invitations.findPending(boardId, invitee.id);
    if (existing && !this.expired(existing)) {
      if (existing.role === role) {
        return this.toInvitation(existing);
      }
      const updated = await this.invitations.setRole(existing.id, role);
      if (updated) {
        return this.announce(updated, actor.id);
      }
    } else if (existing) {
      await this.invitations.settle(existing.id, 'cancelled');
    }
    const record: InvitationRecord = {
      id: randomUUID(),
      boardId,
      boardTitle: board.title,
      inviteeId: invitee.id,
      invitedById: actor.id,
      role,
      status: 'pending',
      createdAt: new Date(this.clock.now()).toISOString(),
    };
    await this.invitations.create(record);
    const invitation = await this.announce(record, actor.id);
    await this.notifications.notify(invitee.id, actor.id, {
      kind: 'board_invite',
      invitationId: record.id,
      boardId,
      boardTitle: board.title,
      role,
      from: toPublicUser(actor),
    });
    return invitation;
  }

  /** The board's pending invitations (owner only), oldest first. */
  async listForBoard(actor: Actor, boardId: string): Promise<BoardInvitation[]> {
    await this.access.assertOwner(actor, boardId, 'see invitations');
    const pending = await this.invitations.listPendingForBoard(boardId);
    return this.toInvitations(pending.filter((invitation) => !this.expired(invitation)));
  }

  async cancel(actor: Actor, boardId: string, invitationId: string): Promise<void> {
    await this.access.assertOwner(actor, boardId, 'cancel invitations');
    const found = await this.invitations.find(invitationId);
    if (!found || found.boardId !== boardId) {
      throw new InvitationNotFoundError();
    }
    await this.settle(found, 'cancelled', actor.id);
  }

  /** The caller's pending invitations, oldest first. */
  async listMine(actor: Actor): Promise<BoardInvitation[]> {
    const pending = await this.invitations.listPendingForUser(actor.id);
    return this.toInvitations(pending.filter((invitation) => !this.expired(invitation)));
  }

  /** Joins the board with the invitation's role. */
  async accept(actor: Actor, invitationId: string): Promise<Board> {
    const invitation = await this.settle(await this.ownInvitation(actor, invitationId), 'accepted', actor.id);
    const result = await this.boards.addMember(invitation.boardId, actor.id, invitation.role);
    if (result === 'missing') {
      throw new BoardNotFoundError();
    }
    const record = await this.boards.findBoard(invitation.boardId);
    if (!record) {
      throw new BoardNotFoundError();
    }
    if (result === 'added') {
      await this.bus.publish(
        boardChannel(invitation.boardId),
        'board.member_added',
        { boardId: invitation.boardId, member: toPublicUser(actor), role: invitation.role },
        actor.id,
      );
    }
    return this.access.toBoard(record);
  }

  async decline(actor: Actor, invitationId: string): Promise<void> {
    await this.settle(await this.ownInvitation(actor, invitationId), 'declined', actor.id);
  }

  private async ownInvitation(actor: Actor, invitationId: string): Promise<InvitationRecord> {
    const found = await this.invitations.find(invitationId);
    if (!found || found.inviteeId !== actor.id) {
      throw new InvitationNotFoundError();
    }
    return found;
  }

  /** 409 once settled, 410 once expired (a cancel of an expired one is allowed: it only tidies up). */
  private async settle(found: InvitationRecord, status: 'accepted' | 'declined' | 'cancelled', actorId: string): Promise<InvitationRecord> {
    if (found.status !== 'pending') {
      throw new InvitationSettledError(found.status);
    }
    if (status !== 'cancelled' && this.expired(found)) {
      throw new InvitationExpiredError();
    }
    const settled = await this.invitations.settle(found.id, status);
    if (settled.result === 'missing') {
      throw new InvitationNotFoundError();
    }
    if (settled.result === 'not_pending') {
      throw new InvitationSettledError(settled.invitation.status);
    }
    await this.announce(settled.invitation, actorId);
    return settled.invitation;
  }

  private async announce(record: InvitationRecord, actorId: string): Promise<BoardInvitation> {
    const invitation = await this.toInvitation(record);
    await this.bus.publishMany([boardChannel(record.boardId), userChannel(record.inviteeId)], 'board.invitation', { invitation }, actorId);
    return invitation;
  }

  private expired(invitation: InvitationRecord): boolean {
    return Date.parse(invitation.createdAt) + TTL_MS <= this.clock.now();
  }

  private async toInvitation(record: InvitationRecord): Promise<BoardInvitation> {
    return (await this.toInvitations([record]))[0];
  }

  private async toInvitations(records: InvitationRecord[]): Promise<BoardInvitation[]> {
    const ids = new Set(records.flatMap((record) => [record.inviteeId, record.invitedById]));
    const users = new Map((await this.users.findManyByIds([...ids])).map((user) => [user.id, toPublicUser(user)]));
    // A deleted account shows as a placeholder rather than hiding the invitation.
    const userOf = (id: string) => users.get(id) ?? { id, username: 'deleted', displayName: 'Deleted user' };
    return records.map((record) => ({
      id: record.id,
      boardId: record.boardId,
      boardTitle: record.boardTitle,
      role: record.role,
      invitee: userOf(record.inviteeId),
      invitedBy: userOf(record.invitedById),
      status: record.status,
      createdAt: record.createdAt,
    }));
  }
}
