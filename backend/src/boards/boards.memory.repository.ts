import type { AssignableRole, Note } from '../../../contracts/boards';
import { type BoardRecord, type BoardNotesRepository, BoardsRepository, type NotePatch, type NoteUpdateResult } from './boards.repository';

export class MemoryBoardsRepository extends BoardsRepository implements BoardNotesRepository {
  private readonly boards = new Map<string, BoardRecord>();
  private readonly notes = new Map<string, Map<string, Note>>();

  async createBoard(board: BoardRecord): Promise<void> {
    this.boards.set(board.id, copy(board));
    this.notes.set(board.id, new Map());
  }

  async findBoard(boardId: string): Promise<BoardRecord | undefined> {
    const board = this.boards.get(boardId);
    return board && copy(board);
  }

  async listBoardsOf(userId: string): Promise<BoardRecord[]> {
    return [...this.boards.values()]
      .filter((board) => board.memberIds.includes(userId))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map(copy);
  }

  async isMember(boardId: string, userId: string): Promise<boolean> {
    return this.boards.get(boardId)?.memberIds.includes(userId) ?? false;
  }

  async addMember(boardId: string, userId: string, role: AssignableRole): Promise<'added' | 'already' | 'missing'> {
    const board = this.boards.get(boardId);
    if (!board) {
      return 'missing';
    }
    if (board.memberIds.includes(userId)) {
      return 'already';
    }
    board.memberIds.push(userId);
    board.roles = { ...board.roles, [userId]: role };
    return 'added';
  }

  async setRole(boardId: string, userId: string, role: AssignableRole): Promise<'updated' | 'absent' | 'missing'> {
    const board = this.boards.get(boardId);
    if (!board) {
      return 'missing';
    }
    if (!board.memberIds.includes(userId) || board.ownerId === userId) {
      return 'absent';
    }
    board.roles = { ...board.roles, [userId]: role };
    return 'updated';
  }

  async transferOwnership(boardId: string, newOwnerId: string): Promise<'transferred' | 'absent' | 'missing'> {
    const board = this.boards.get(boardId);
    if (!board) {
      return 'missing';
    }
    if (!board.memberIds.includes(newOwnerId) || board.ownerId === newOwnerId) {
      return 'absent';
    }
    const roles = { ...board.roles, [board.ownerId]: 'editor' as const };
    delete roles[newOwnerId];
    board.roles = roles;
    board.ownerId = newOwnerId;
    return 'transferred';
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
    if (board.roles) {
      const { [userId]: _gone, ...rest } = board.roles;
      board.roles = rest;
    }
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

function copy(board: BoardRecord): BoardRecord {
  return { ...board, memberIds: [...board.memberIds], roles: { ...board.roles } };
}

function definedOnly(patch: NotePatch): NotePatch {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}
