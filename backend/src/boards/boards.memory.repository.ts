import type { Note } from '../../../contracts/boards';
import { type BoardRecord, type BoardNotesRepository, BoardsRepository, type NotePatch, type NoteUpdateResult } from './boards.repository';

export class MemoryBoardsRepository extends BoardsRepository implements BoardNotesRepository {
  private readonly boards = new Map<string, BoardRecord>();
  private readonly notes = new Map<string, Map<string, Note>>();

  async createBoard(board: BoardRecord): Promise<void> {
    this.boards.set(board.id, { ...board, memberIds: [...board.memberIds] });
    this.notes.set(board.id, new Map());
  }

  async findBoard(boardId: string): Promise<BoardRecord | undefined> {
    const board = this.boards.get(boardId);
    return board && { ...board, memberIds: [...board.memberIds] };
  }

  async listBoardsOf(userId: string): Promise<BoardRecord[]> {
    return [...this.boards.values()]
      .filter((board) => board.memberIds.includes(userId))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((board) => ({ ...board, memberIds: [...board.memberIds] }));
  }

  async isMember(boardId: string, userId: string): Promise<boolean> {
    return this.boards.get(boardId)?.memberIds.includes(userId) ?? false;
  }

  async addMember(boardId: string, userId: string): Promise<'added' | 'already' | 'missing'> {
    const board = this.boards.get(boardId);
    if (!board) {
      return 'missing';
    }
    if (board.memberIds.includes(userId)) {
      return 'already';
    }
    board.memberIds.push(userId);
    return 'added';
  }

  async removeMember(boardId: string, userId: string): Promise<'removed' | 'absent' | 'missing'> {
    const board = this.boards.get(boardId);
    if (!board) {
      return 'missing';
    }
    const index = board.memberIds.indexOf(userId);
    if (index < 0) {
      return 'absent';
    }
    board.memberIds.splice(index, 1);
    return 'removed';
  }

  async deleteBoard(boardId: string): Promise<BoardRecord | undefined> {
    const board = this.boards.get(boardId);
    this.boards.delete(boardId);
    this.notes.delete(boardId);
    return board;
  }

  async listNotes(boardId: string): Promise<Note[]> {
    return [...(this.notes.get(boardId)?.values() ?? [])].map((note) => ({ ...note }));
  }

  async countNotes(boardId: string): Promise<number> {
    return this.notes.get(boardId)?.size ?? 0;
  }

  async hasNote(boardId: string, noteId: string): Promise<boolean> {
    return this.notes.get(boardId)?.has(noteId) ?? false;
  }

  async createNote(note: Note, maxNotes: number): Promise<'created' | 'exists' | 'full' | 'missing'> {
    const notes = this.notes.get(note.boardId);
    if (!notes) {
      return 'missing';
    }
    if (notes.has(note.id)) {
      return 'exists';
    }
    if (notes.size >= maxNotes) {
      return 'full';
    }
    notes.set(note.id, { ...note });
    return 'created';
  }

  async updateNote(
    boardId: string,
    noteId: string,
    patch: NotePatch,
    expectedVersion: number | undefined,
    updatedAt: string,
  ): Promise<NoteUpdateResult> {
    const notes = this.notes.get(boardId);
    const current = notes?.get(noteId);
    if (!notes || !current) {
      return { status: 'missing' };
    }
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      return { status: 'conflict', note: { ...current } };
    }
    const updated: Note = { ...current, ...definedOnly(patch), version: current.version + 1, updatedAt };
    notes.set(noteId, updated);
    return { status: 'updated', note: { ...updated } };
  }

  async deleteNote(boardId: string, noteId: string): Promise<Note | undefined> {
    const notes = this.notes.get(boardId);
    const note = notes?.get(noteId);
    notes?.delete(noteId);
    return note;
  }
}

function definedOnly(patch: NotePatch): NotePatch {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}
