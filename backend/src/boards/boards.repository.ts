import type { AssignableRole, BoardRole, Note, NoteColor, NoteField, TrashedNote } from '../../../contracts/boards';

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

/** `changed`: the patched fields whose value the write actually changed. */
export type NoteUpdateResult =
  { status: 'updated'; note: Note; changed: NoteField[] } | { status: 'conflict'; note: Note } | { status: 'missing' };

/** Who deleted a note and when; the note goes to the board's trash in the same step. */
export interface NoteDeletion {
  deletedBy: string;
  deletedAt: string;
}

/**
 * How long the trash keeps a note and how many it keeps (the oldest go first). The service passes the
 * contracts' TRASH_RETENTION_DAYS and MAX_TRASH_PER_BOARD; tests pass small ones.
 */
export interface TrashPolicy {
  retentionMs: number;
  maxNotes: number;
}

export type NoteRestoreResult =
  | { status: 'restored'; note: Note }
  /** Not in the trash (never, emptied, expired or restored already). */
  | { status: 'absent' }
  /** A live note has this id. */
  | { status: 'exists' }
  | { status: 'full' }
  /** The board is gone. */
  | { status: 'missing' };

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
  /** 'missing' when the board does not exist (any more). */
  abstract addMember(boardId: string, userId: string): Promise<'added' | 'already' | 'missing'>;
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
  /** Removes the note and puts it in the board's trash in one step; purges what the policy no longer keeps. */
  abstract deleteNote(boardId: string, noteId: string, deletion: NoteDeletion, policy: TrashPolicy): Promise<Note | undefined>;
  /** The board's trash as of `now` (ms), newest deletion first; nothing older than the retention. */
  abstract listTrash(boardId: string, now: number, policy: TrashPolicy): Promise<TrashedNote[]>;
  /**
   * Moves a trashed note back among the notes with its own id, its version + 1 and `updatedAt`,
   * refusing beyond `maxNotes` as createNote does.
   */
  abstract restoreNote(
    boardId: string,
    noteId: string,
    maxNotes: number,
    updatedAt: string,
    now: number,
    policy: TrashPolicy,
  ): Promise<NoteRestoreResult>;
  /** Drops every note in the board's trash; how many there were. */
  abstract emptyTrash(boardId: string): Promise<number>;
}
