import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { formatCursor } from '../../../contracts/cursor';
import { Board, BoardSnapshot, MAX_NOTES_PER_BOARD, Note } from '../../../contracts/boards';
import type { AuthUser } from '../auth/auth-user';
import { toPublicUser } from '../auth/auth.service';
import { InvalidInputError } from '../common/domain-error';
import { EventBus } from '../events/event-bus';
import { NotificationsService } from '../notifications/notifications.service';
import { UsersRepository } from '../users/users.repository';
import type { CreateNoteDto, UpdateNoteDto } from './dto/note.dto';
import {
  BoardFullError,
  BoardNotFoundError,
  NoteNotFoundError,
  NotABoardMemberError,
  NotTheOwnerError,
  StaleNoteError,
  UnknownUsernameError,
} from './notes.errors';
import { BoardRecord, NotesRepository } from './notes.repository';

export const boardChannel = (boardId: string): string => `board:${boardId}`;

/** Boards and notes: every change is stored first, then published on the board's channel. */
@Injectable()
export class NotesService {
  constructor(
    private readonly repository: NotesRepository,
    private readonly users: UsersRepository,
    private readonly bus: EventBus,
    private readonly notifications: NotificationsService,
  ) {}

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
    if (record.ownerId !== user.id) throw new NotTheOwnerError('invite members');
    const invitee = await this.users.findByUsername(username);
    if (!invitee) throw new UnknownUsernameError(username);
    const result = await this.repository.addMember(boardId, invitee.id);
    if (result === 'missing') throw new BoardNotFoundError();
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

  async deleteBoard(user: AuthUser, boardId: string): Promise<void> {
    const record = await this.memberBoard(user, boardId);
    if (record.ownerId !== user.id) throw new NotTheOwnerError('delete the board');
    await this.repository.deleteBoard(boardId);
    await this.bus.publish(boardChannel(boardId), 'board.deleted', { boardId }, user.id);
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
    if (result === 'full') throw new BoardFullError(MAX_NOTES_PER_BOARD);
    if (result === 'missing') throw new BoardNotFoundError();
    if (result === 'exists') return note;
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
    if (result.status === 'missing') throw new NoteNotFoundError();
    if (result.status === 'conflict') throw new StaleNoteError(result.note);
    await this.bus.publish(boardChannel(boardId), 'note.updated', withClientId({ note: result.note }, input.clientId), user.id);
    return result.note;
  }

  async deleteNote(user: AuthUser, boardId: string, noteId: string, clientId?: string): Promise<void> {
    await this.memberBoard(user, boardId);
    const deleted = await this.repository.deleteNote(boardId, noteId);
    if (!deleted) throw new NoteNotFoundError();
    await this.bus.publish(boardChannel(boardId), 'note.deleted', withClientId({ boardId, noteId }, clientId), user.id);
  }

  /** How many more notes the board takes; 404/403 like memberBoard. */
  async roomLeft(user: AuthUser, boardId: string): Promise<number> {
    await this.memberBoard(user, boardId);
    return Math.max(0, MAX_NOTES_PER_BOARD - (await this.repository.listNotes(boardId)).length);
  }

  /** 404 for a board that does not exist, 403 for one the caller is not a member of. */
  async memberBoard(user: AuthUser, boardId: string): Promise<BoardRecord> {
    const record = await this.repository.findBoard(boardId);
    if (!record) throw new BoardNotFoundError();
    if (!record.memberIds.includes(user.id)) throw new NotABoardMemberError();
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
