import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Board } from '../../../contracts/boards';
import { boardChannel, userChannel } from '../../../contracts/channels';
import { AccessRevocations } from '../events/access-revocations';
import { EventBus } from '../events/event-bus';
import { NotificationsService } from '../notifications/notifications.service';
import type { Actor } from '../users/actor';
import { toPublicUser } from '../users/user';
import { UsersRepository } from '../users/users.repository';
import { BoardAccess } from './board-access';
import { BoardNotFoundError, NotAMemberError, NotTheOwnerError, OwnerCannotLeaveError, UnknownUsernameError } from './boards.errors';
import { type BoardRecord, BoardsRepository } from './boards.repository';

/** Boards and their members: every change is stored first, then published on the board's channel. */
@Injectable()
export class BoardsService {
  constructor(
    private readonly repository: BoardsRepository,
    private readonly access: BoardAccess,
    private readonly users: UsersRepository,
    private readonly bus: EventBus,
    private readonly notifications: NotificationsService,
    private readonly revocations: AccessRevocations,
  ) {}

  async createBoard(actor: Actor, title: string): Promise<Board> {
    const record: BoardRecord = { id: randomUUID(), title, ownerId: actor.id, memberIds: [actor.id], createdAt: new Date().toISOString() };
    await this.repository.createBoard(record);
    return this.access.toBoard(record);
  }

  async addMember(actor: Actor, boardId: string, username: string): Promise<Board> {
    const record = await this.access.assertOwner(actor, boardId, 'invite members');
    const invitee = await this.users.findByUsername(username);
    if (!invitee) {
      throw new UnknownUsernameError(username);
    }
    const result = await this.repository.addMember(boardId, invitee.id);
    if (result === 'missing') {
      throw new BoardNotFoundError();
    }
    const updated = (await this.repository.findBoard(boardId)) ?? record;
    const board = await this.access.toBoard(updated);
    if (result === 'added') {
      const member = toPublicUser(invitee);
      await this.bus.publish(boardChannel(boardId), 'board.member_added', { boardId, member }, actor.id);
      const from = toPublicUser(actor);
      await this.notifications.notify(invitee.id, actor.id, { kind: 'board_invite', boardId, boardTitle: board.title, from }, { board });
    }
    return board;
  }

  /**
   * A member leaves (`userId` is the actor) or the owner removes one. Membership goes first, so
   * the channel is refused from then on; then the user's open streams drop it on every pod; only
   * then is the removal announced on the board, which the removed user therefore no longer sees
   * there: they learn it on their own channel (stored, so a tab that reconnects later learns it too).
   */
  async removeMember(actor: Actor, boardId: string, userId: string): Promise<void> {
    const record = await this.access.assertMember(actor, boardId);
    if (userId === record.ownerId) {
      throw new OwnerCannotLeaveError();
    }
    if (userId !== actor.id && record.ownerId !== actor.id) {
      throw new NotTheOwnerError('remove other members');
    }
    const result = await this.repository.removeMember(boardId, userId);
    if (result === 'missing') {
      throw new BoardNotFoundError();
    }
    if (result === 'absent') {
      throw new NotAMemberError();
    }
    const reason = userId === actor.id ? 'left' : 'removed';
    const channel = boardChannel(boardId);
    await this.revocations.publish({ kind: 'channel', channel, userIds: [userId], reason });
    const removed = { boardId, userId, reason } as const;
    await this.bus.publish(channel, 'board.member_removed', removed, actor.id);
    await this.bus.publish(userChannel(userId), 'board.member_removed', removed, actor.id);
  }

  /** Members see board.deleted, then lose the channel on every pod; the board's notes, chat, presence and cursors go with it. */
  async deleteBoard(actor: Actor, boardId: string): Promise<void> {
    const record = await this.access.assertOwner(actor, boardId, 'delete the board');
    const deleted = (await this.repository.deleteBoard(boardId)) ?? record;
    const channel = boardChannel(boardId);
    await this.bus.publish(channel, 'board.deleted', { boardId }, actor.id);
    await this.revocations.publish({ kind: 'channel', channel, userIds: deleted.memberIds, reason: 'board_deleted' });
    // Stored on each member's own channel too: boards lists (and tabs offline now) follow only that one.
    await this.bus.publishMany(deleted.memberIds.map(userChannel), 'board.deleted', { boardId }, actor.id);
    await this.access.runBoardDeletedHooks(boardId);
  }
}
