import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { formatCursor } from '../../../contracts/cursor';
import { Board, BoardSnapshot, MAX_NOTES_PER_BOARD, Note } from '../../../contracts/boards';
import type { AuthUser } from '../auth/auth-user';
import { toPublicUser } from '../auth/auth.service';
import { InvalidInputError } from '../common/domain-error';
import { AccessRevocations } from '../events/access-revocations';
import { EventBus } from '../events/event-bus';
import { NotificationsService } from '../notifications/notifications.service';
import { UsersRepository } from '../users/users.repository';
import type { CreateNoteDto, UpdateNoteDto } from './dto/note.dto';
import {
  BoardFullError,
  BoardNotFoundError,
  NoteNotFoundError,
  NotABoardMemberError,
  NotAMemberError,
  NotTheOwnerError,
  OwnerCannotLeaveError,
  StaleNoteError,
  UnknownUsernameError,
} from './notes.errors';
import { BoardRecord, NotesRepository } from './notes.repository';

export const boardChannel = (boardId: string): string => `board:${boardId}`;

/** What else must go when a board goes (its chat room, presence, cursors); registered by those modules. */
export type BoardDeletedHook = (boardId: string) => Promise<void> | void;

/** Boards and notes: every change is stored first, then published on the board's channel. */
@Injectable()
export class NotesService {
  private readonly logger = new Logger('Boards');
  private readonly boardDeletedHooks: BoardDeletedHook[] = [];

  constructor(
    private readonly repository: NotesRepository,
    private readonly users: UsersRepository,
    private readonly bus: EventBus,
    private readonly notifications: NotificationsService,
    private readonly access: AccessRevocations,
  ) {}

  onBoardDeleted(hook: BoardDeletedHook): void {
    this.boardDeletedHooks.push(hook);
  }

  async createBoard(user: AuthUser, title: string): Promise<Board> {
    const record: BoardRecord = { id: randomUUID(), title, ownerId: user.id, memberIds: [user.id], createdAt: new Date().toISOString() };
    await this.repository.createBoard(record);
    return this.toBoard(record);
  }

  async listBoards(user: AuthUser): Promise<Board[]> {
    const records = await this.repository.listBoardsOf(user.id);
    return Promise.all(records.map((record) => this.toBoard(record)));
  }

  /**
   * The cursor is read before the notes: an event published in between is then
   * both in the snapshot and replayed, and the client drops it by version,
   * rather than being in neither.
   */
  async snapshot(user: AuthUser, boardId: string): Promise<BoardSnapshot> {
    const record = await this.memberBoard(user, boardId);
    const channel = boardChannel(boardId);
    const head = await this.bus.head([channel]);
    const notes = await this.repository.listNotes(boardId);
    notes.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id));
    return { board: await this.toBoard(record), notes, cursor: formatCursor(head) };
  }

  async isMember(boardId: string, userId: string): Promise<boolean> {
    return this.repository.isMember(boardId, userId);
  }

  async addMember(user: AuthUser, boardId: string, username: string): Promise<Board> {
    const record = await this.memberBoard(user, boardId);
    if (record.ownerId !== user.id) {
      throw new NotTheOwnerError('invite members');
    }
    const invitee = await this.users.findByUsername(username);
    if (!invitee) {
      throw new UnknownUsernameError(username);
    }
    const result = await this.repository.addMember(boardId, invitee.id);
    if (result === 'missing') {
      throw new BoardNotFoundError();
    }
    const updated = (await this.repository.findBoard(boardId)) ?? record;
    const board = await this.toBoard(updated);
    if (result === 'added') {
      const member = toPublicUser(invitee);
      await this.bus.publish(boardChannel(boardId), 'board.member_added', { boardId, member }, user.id);
      const from = { id: user.id, username: user.username, displayName: user.displayName };
      await this.notifications.notify(invitee.id, user.id, { kind: 'board_invite', boardId, boardTitle: board.title, from }, { board });
    }
    return board;
  }

  /**
   * A member leaves (`userId` is the caller) or the owner removes one. Membership goes first, so
   * the channel is refused from then on; then the user's open streams drop it on every pod; only
   * then is the removal announced on the board, which the removed user therefore no longer sees
   * there: they learn it on their own channel (stored, so a tab that reconnects later learns it too).
   */
  async removeMember(user: AuthUser, boardId: string, userId: string): Promise<void> {
    const record = await this.memberBoard(user, boardId);
    if (userId === record.ownerId) {
      throw new OwnerCannotLeaveError();
    }
    if (userId !== user.id && record.ownerId !== user.id) {
      throw new NotTheOwnerError('remove other members');
    }
    const result = await this.repository.removeMember(boardId, userId);
    if (result === 'missing') {
      throw new BoardNotFoundError();
    }
    if (result === 'absent') {
      throw new NotAMemberError();
    }
    const reason = userId === user.id ? 'left' : 'removed';
    const channel = boardChannel(boardId);
    await this.access.publish({ kind: 'channel', channel, userIds: [userId], reason });
    const removed = { boardId, userId, reason } as const;
    await this.bus.publish(channel, 'board.member_removed', removed, user.id);
    await this.bus.publish(`user:${userId}`, 'board.member_removed', removed, user.id);
  }

  /** Members see board.deleted, then lose the channel on every pod; the board's chat, presence and cursors go with it. */
  async deleteBoard(user: AuthUser, boardId: string): Promise<void> {
    const record = await this.memberBoard(user, boardId);
    if (record.ownerId !== user.id) {
      throw new NotTheOwnerError('delete the board');
    }
    const deleted = (await this.repository.deleteBoard(boardId)) ?? record;
    const channel = boardChannel(boardId);
    await this.bus.publish(channel, 'board.deleted', { boardId }, user.id);
    await this.access.publish({ kind: 'channel', channel, userIds: deleted.memberIds, reason: 'board_deleted' });
    // Stored on each member's own channel too: boards lists (and tabs offline now) follow only that one.
    for (const memberId of deleted.memberIds) {
      await this.bus.publish(`user:${memberId}`, 'board.deleted', { boardId }, user.id);
    }
    for (const hook of this.boardDeletedHooks) {
      try {
        await hook(boardId);
      } catch (error) {
        // The board is gone either way; leftovers are unreachable without it.
        this.logger.warn(`Cleaning up after board ${boardId} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** `noteId` lets an import choose ids, so a retried import does not create a note twice. */
  async createNote(user: AuthUser, boardId: string, input: CreateNoteDto, noteId: string = randomUUID()): Promise<Note> {
    await this.memberBoard(user, boardId);
    const note: Note = {
      id: noteId,
      boardId,
      text: input.text,
      x: input.x,
      y: input.y,
      color: input.color,
      version: 1,
      createdBy: user.id,
      updatedAt: new Date().toISOString(),
    };
    const result = await this.repository.createNote(note, MAX_NOTES_PER_BOARD);
    if (result === 'full') {
      throw new BoardFullError(MAX_NOTES_PER_BOARD);
    }
    if (result === 'missing') {
      throw new BoardNotFoundError();
    }
    if (result === 'exists') {
      return note;
    }
    await this.bus.publish(boardChannel(boardId), 'note.created', withClientId({ note }, input.clientId), user.id);
    return note;
  }

  async updateNote(user: AuthUser, boardId: string, noteId: string, input: UpdateNoteDto): Promise<Note> {
    const patch = { text: input.text, x: input.x, y: input.y, color: input.color };
    if (Object.values(patch).every((value) => value === undefined)) {
      throw new InvalidInputError('Send at least one of text, x, y or color');
    }
    await this.memberBoard(user, boardId);
    const result = await this.repository.updateNote(boardId, noteId, patch, input.version, new Date().toISOString());
    if (result.status === 'missing') {
      throw new NoteNotFoundError();
    }
    if (result.status === 'conflict') {
      throw new StaleNoteError(result.note);
    }
    await this.bus.publish(boardChannel(boardId), 'note.updated', withClientId({ note: result.note }, input.clientId), user.id);
    return result.note;
  }

  async deleteNote(user: AuthUser, boardId: string, noteId: string, clientId?: string): Promise<void> {
    await this.memberBoard(user, boardId);
    const deleted = await this.repository.deleteNote(boardId, noteId);
    if (!deleted) {
      throw new NoteNotFoundError();
    }
    await this.bus.publish(boardChannel(boardId), 'note.deleted', withClientId({ boardId, noteId }, clientId), user.id);
  }

  /** How many more notes the board takes; 404/403 like memberBoard. */
  async roomLeft(user: AuthUser, boardId: string): Promise<number> {
    await this.memberBoard(user, boardId);
    return Math.max(0, MAX_NOTES_PER_BOARD - (await this.repository.countNotes(boardId)));
  }

  /** 404 for a board that does not exist, 403 for one the caller is not a member of. */
  async memberBoard(user: AuthUser, boardId: string): Promise<BoardRecord> {
    const record = await this.repository.findBoard(boardId);
    if (!record) {
      throw new BoardNotFoundError();
    }
    if (!record.memberIds.includes(user.id)) {
      throw new NotABoardMemberError();
    }
    return record;
  }

  private async toBoard(record: BoardRecord): Promise<Board> {
    const users = await this.users.findManyByIds(record.memberIds);
    const byId = new Map(users.map((member) => [member.id, toPublicUser(member)]));
    return {
      id: record.id,
      title: record.title,
      ownerId: record.ownerId,
      members: record.memberIds.flatMap((id) => byId.get(id) ?? []),
      createdAt: record.createdAt,
    };
  }
}

function withClientId<T extends object>(data: T, clientId: string | undefined): T & { clientId?: string } {
  return clientId === undefined ? data : { ...data, clientId };
}
