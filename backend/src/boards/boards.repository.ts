import type { AssignableRole, BoardRole, Note, NoteColor } from '../../../contracts/boards';

/** A board as stored: members by id (resolved to users by the service). */
export interface BoardRecord {
  id: string;
  title: string;
  ownerId: string;
  memberIds: string[];
  /** Roles of members other than the owner; a member missing here (boards from before roles) is an editor. */
  roles?: Record<string, AssignableRole>;
  createdAt: string;
}

/** The member's role on the board; undefined for a non-member. */
export function roleInRecord(record: BoardRecord, userId: string): BoardRole | undefined {
  if (record.ownerId === userId) {
    return 'owner';
  }
  if (!record.memberIds.includes(userId)) {
    return undefined;
  }
  return record.roles?.[userId] ?? 'editor';
}

export interface NotePatch {
  text?: string;
  x?: number;
  y?: number;
  color?: NoteColor;
}

export type NoteUpdateResult = { status: 'updated'; note: Note } | { status: 'conflict'; note: Note } | { status: 'missing' };

/**
 * Port for boards and their members. A board and its notes are one unit in storage (in Redis they share
 * the board's hash tag): a note is only created on a board that still exists, and deleting a board drops
 * its notes in the same step. So one adapter implements this port and BoardNotesRepository together.
 */
export abstract class BoardsRepository {
  abstract createBoard(board: BoardRecord): Promise<void>;
  abstract findBoard(boardId: string): Promise<BoardRecord | undefined>;
  /** The user's boards, oldest first. */
  abstract listBoardsOf(userId: string): Promise<BoardRecord[]>;
  abstract isMember(boardId: string, userId: string): Promise<boolean>;
  /** 'missing' when the board does not exist (any more); a member already there keeps their role. */
  abstract addMember(boardId: string, userId: string, role: AssignableRole): Promise<'added' | 'already' | 'missing'>;
  /** Changes a member's role; the owner is no member here ('absent'): ownership moves only by transfer. */
  abstract setRole(boardId: string, userId: string, role: AssignableRole): Promise<'updated' | 'absent' | 'missing'>;
  /** Makes a member the owner and the old owner an editor, in one step. */
  abstract transferOwnership(boardId: string, newOwnerId: string): Promise<'transferred' | 'absent' | 'missing'>;
  /** Takes a member off the board and the board off their list; 'absent' when they were not on it. */
  abstract removeMember(boardId: string, userId: string): Promise<'removed' | 'absent' | 'missing'>;
  /** Removes the board, its notes and its members' index entries. */
  abstract deleteBoard(boardId: string): Promise<BoardRecord | undefined>;
}

/** Port for the notes on a board, served by the boards adapter. Every write to a note bumps its version by one. */
export abstract class BoardNotesRepository {
  abstract listNotes(boardId: string): Promise<Note[]>;
  /** How many notes the board holds, without reading them. */
  abstract countNotes(boardId: string): Promise<number>;
  /**
   * Atomically refuses a note beyond `maxNotes` ('full') or on a board that is gone ('missing');
   * a note whose id is already taken is left as it is ('exists'), so retried imports are idempotent.
   */
  abstract createNote(note: Note, maxNotes: number): Promise<'created' | 'exists' | 'full' | 'missing'>;
  /** Applies the patch when `expectedVersion` is absent or current; otherwise returns the current note. */
  abstract updateNote(
    boardId: string,
    noteId: string,
    patch: NotePatch,
    expectedVersion: number | undefined,
    updatedAt: string,
  ): Promise<NoteUpdateResult>;
  abstract deleteNote(boardId: string, noteId: string): Promise<Note | undefined>;
}
