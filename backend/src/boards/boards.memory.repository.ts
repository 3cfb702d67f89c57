import type { Note, NoteField, TrashedNote } from '../../../contracts/boards';
import {
  type BoardRecord,
  type BoardNotesRepository,
  BoardsRepository,
  type NoteDeletion,
  type NotePatch,
  type NoteRestoreResult,
  type NoteUpdateResult,
  type TrashPolicy,
} from './boards.repository';

export class MemoryBoardsRepository extends BoardsRepository implements BoardNotesRepository {
  private readonly boards = new Map<string, BoardRecord>();
  private readonly notes = new Map<string, Map<string, Note>>();
  /** Per board, in deletion order (oldest first). */
  private readonly trash = new Map<string, Map<string, TrashedNote>>();

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
    this.trash.delete(boardId);
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
    const defined = definedOnly(patch);
    const changed = (Object.keys(defined) as NoteField[]).filter((field) => defined[field] !== current[field]);
    const updated: Note = { ...current, ...defined, version: current.version + 1, updatedAt };
    notes.set(noteId, updated);
    return { status: 'updated', note: { ...updated }, changed };
  }

  async deleteNote(boardId: string, noteId: string, deletion: NoteDeletion, policy: TrashPolicy): Promise<Note | undefined> {
    const notes = this.notes.get(boardId);
    const note = notes?.get(noteId);
    if (!notes || !note) {
      return undefined;
    }
    notes.delete(noteId);
    const trash = this.trash.get(boardId) ?? new Map<string, TrashedNote>();
    this.trash.set(boardId, trash);
    // Deleted again after a restore: it moves to the newest end.
    trash.delete(noteId);
    const expiresAt = new Date(Date.parse(deletion.deletedAt) + policy.retentionMs).toISOString();
    trash.set(noteId, { note: { ...note }, deletedAt: deletion.deletedAt, deletedBy: deletion.deletedBy, expiresAt });
    this.purge(trash, Date.parse(deletion.deletedAt), policy);
    return { ...note };
  }

  async listTrash(boardId: string, now: number, policy: TrashPolicy): Promise<TrashedNote[]> {
    const trash = [...(this.trash.get(boardId)?.values() ?? [])];
    return trash
      .filter((item) => !expired(item, now, policy))
      .sort((a, b) => b.deletedAt.localeCompare(a.deletedAt))
      .map((item) => ({ ...item, note: { ...item.note } }));
  }

  async restoreNote(
    boardId: string,
    noteId: string,
    maxNotes: number,
    updatedAt: string,
    now: number,
    policy: TrashPolicy,
  ): Promise<NoteRestoreResult> {
    const notes = this.notes.get(boardId);
    if (!notes) {
      return { status: 'missing' };
    }
    const trash = this.trash.get(boardId);
    const item = trash?.get(noteId);
    if (!trash || !item || expired(item, now, policy)) {
      return { status: 'absent' };
    }
    if (notes.has(noteId)) {
      return { status: 'exists' };
    }
    if (notes.size >= maxNotes) {
      return { status: 'full' };
    }
    trash.delete(noteId);
    const note: Note = { ...item.note, version: item.note.version + 1, updatedAt };
    notes.set(noteId, note);
    return { status: 'restored', note: { ...note } };
  }

  async emptyTrash(boardId: string): Promise<number> {
    const count = this.trash.get(boardId)?.size ?? 0;
    this.trash.delete(boardId);
    return count;
  }

  private purge(trash: Map<string, TrashedNote>, now: number, policy: TrashPolicy): void {
    for (const [id, item] of trash) {
      if (expired(item, now, policy) || trash.size > policy.maxNotes) {
        trash.delete(id);
      }
    }
  }
}

function expired(item: TrashedNote, now: number, policy: TrashPolicy): boolean {
  return Date.parse(item.deletedAt) + policy.retentionMs <= now;
}

function definedOnly(patch: NotePatch): NotePatch {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}
