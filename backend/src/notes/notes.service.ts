import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type BoardSnapshot, MAX_NOTES_PER_BOARD, type Note } from '../../../contracts/boards';
import { boardChannel } from '../../../contracts/channels';
import { formatCursor } from '../../../contracts/cursor';
import { BoardAccess } from '../boards/board-access';
import { BoardNotFoundError } from '../boards/boards.errors';
import { BoardNotesRepository } from '../boards/boards.repository';
import { InvalidInputError } from '../common/domain-error';
import { EventBus } from '../events/event-bus';
import type { Actor } from '../users/actor';
import type { CreateNoteDto, UpdateNoteDto } from './dto/note.dto';
import { BoardFullError, NoteNotFoundError, StaleNoteError } from './notes.errors';

/** Notes on a board: every change is stored first, then published on the board's channel. */
@Injectable()
export class NotesService {
  constructor(
    private readonly repository: BoardNotesRepository,
    private readonly access: BoardAccess,
    private readonly bus: EventBus,
  ) {}

  /**
   * The cursor is read before the notes: an event published in between is then
   * both in the snapshot and replayed, and the client drops it by version,
   * rather than being in neither.
   */
  async snapshot(actor: Actor, boardId: string): Promise<BoardSnapshot> {
    const record = await this.access.assertMember(actor, boardId);
    const head = await this.bus.head([boardChannel(boardId)]);
    const notes = await this.repository.listNotes(boardId);
    notes.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id));
    return { board: await this.access.toBoard(record), notes, cursor: formatCursor(head) };
  }

  /** `noteId` lets an import choose ids, so a retried import does not create a note twice. */
  async createNote(actor: Actor, boardId: string, input: CreateNoteDto, noteId: string = randomUUID()): Promise<Note> {
    await this.access.assertEditor(actor, boardId);
    const note: Note = {
      id: noteId,
      boardId,
      text: input.text,
      x: input.x,
      y: input.y,
      color: input.color,
      version: 1,
      createdBy: actor.id,
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
    await this.bus.publish(boardChannel(boardId), 'note.created', withClientId({ note }, input.clientId), actor.id);
    return note;
  }

  async updateNote(actor: Actor, boardId: string, noteId: string, input: UpdateNoteDto): Promise<Note> {
    const patch = { text: input.text, x: input.x, y: input.y, color: input.color };
    if (Object.values(patch).every((value) => value === undefined)) {
      throw new InvalidInputError('Send at least one of text, x, y or color');
    }
    await this.access.assertEditor(actor, boardId);
    const result = await this.repository.updateNote(boardId, noteId, patch, input.version, new Date().toISOString());
    if (result.status === 'missing') {
      throw new NoteNotFoundError();
    }
    if (result.status === 'conflict') {
      throw new StaleNoteError(result.note);
    }
    await this.bus.publish(boardChannel(boardId), 'note.updated', withClientId({ note: result.note }, input.clientId), actor.id);
    return result.note;
  }

  async deleteNote(actor: Actor, boardId: string, noteId: string, clientId?: string): Promise<void> {
    await this.access.assertEditor(actor, boardId);
    const deleted = await this.repository.deleteNote(boardId, noteId);
    if (!deleted) {
      throw new NoteNotFoundError();
    }
    await this.bus.publish(boardChannel(boardId), 'note.deleted', withClientId({ boardId, noteId }, clientId), actor.id);
  }

  /** How many more notes the actor may add (an import asks before reading the file); 404/403 like BoardAccess.assertEditor. */
  async roomLeft(actor: Actor, boardId: string): Promise<number> {
    await this.access.assertEditor(actor, boardId);
    return Math.max(0, MAX_NOTES_PER_BOARD - (await this.repository.countNotes(boardId)));
  }
}

function withClientId<T extends object>(data: T, clientId: string | undefined): T & { clientId?: string } {
  return clientId === undefined ? data : { ...data, clientId };
}
