import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AssignableRole, Board } from '../../../contracts/boards';
import type { EventMap } from '../../../contracts/events';
import { boardChannel, userChannel } from '../../../contracts/channels';
import { AccessRevocations } from '../events/access-revocations';
import { EventBus } from '../events/event-bus';
import type { Actor } from '../users/actor';
import { BoardAccess } from './board-access';
import {
  AlreadyTheOwnerError,
  BoardNotFoundError,
  NotAMemberError,
  NotTheOwnerError,
  OwnerCannotLeaveError,
  OwnerRoleError,
} from './boards.errors';
import { type BoardRecord, BoardsRepository, roleInRecord } from './boards.repository';

/** Boards and their members: every change is stored first, then published on the board's channel. */
@Injectable()
export class BoardsService {
  constructor(
    private readonly repository: BoardsRepository,
    private readonly access: BoardAccess,
    private readonly bus: EventBus,
    private readonly revocations: AccessRevocations,
  ) {}

  async createBoard(actor: Actor, title: string): Promise<Board> {
    const record: BoardRecord = {
      id: randomUUID(),
      title,
      ownerId: actor.id,
      memberIds: [actor.id],
      roles: {},
      createdAt: new Date().toISOString(),
    };
    await this.repository.createBoard(record);
    return this.access.toBoard(record);
  }

  /** Owner only; the member's open apps learn it at once from board.role_changed (board and own channel). */
  async changeRole(actor: Actor, boardId: string, userId: string, role: AssignableRole): Promise<Board> {
    const record = await this.access.assertOwner(actor, boardId, 'change roles');
    if (userId === record.ownerId) {
      throw new OwnerRoleError();
    }
    const result = await this.repository.setRole(boardId, userId, role);
    if (result === 'missing') {
      throw new BoardNotFoundError();
    }
    if (result === 'absent') {
      throw new NotAMemberError();
    }
    if (roleInRecord(record, userId) !== role) {
      await this.announceRole(actor.id, { boardId, userId, role, ownerId: record.ownerId });
    }
    return this.currentBoard(boardId);
  }

  /** Owner only: the member becomes the owner and the old owner an editor, in one step. */
  async transferOwnership(actor: Actor, boardId: string, userId: string): Promise<Board> {
    await this.access.assertOwner(actor, boardId, 'hand over ownership');
    if (userId === actor.id) {
      throw new AlreadyTheOwnerError();
    }
    const result = await this.repository.transferOwnership(boardId, userId);
    if (result === 'missing') {
      throw new BoardNotFoundError();
    }
    if (result === 'absent') {
      throw new NotAMemberError();
    }
    await this.announceRole(actor.id, { boardId, userId, role: 'owner', ownerId: userId });
    await this.announceRole(actor.id, { boardId, userId: actor.id, role: 'editor', ownerId: userId });
    return this.currentBoard(boardId);
  }

  private async announceRole(actorId: string, change: EventMap['board.role_changed']): Promise<void> {
    await this.bus.publishMany([boardChannel(change.boardId), userChannel(change.userId)], 'board.role_changed', change, actorId);
  }

  private async currentBoard(boardId: string): Promise<Board> {
    const record = await this.repository.findBoard(boardId);
    if (!record) {
      throw new BoardNotFoundError();
    }
    return this.access.toBoard(record);
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
