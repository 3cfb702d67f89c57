import type { PublicUser } from './api';

export const NOTE_COLORS = ['yellow', 'pink', 'blue', 'green', 'orange', 'purple'] as const;
export type NoteColor = (typeof NOTE_COLORS)[number];

/** Board coordinates are in [0, BOARD_SIZE]. */
export const BOARD_WIDTH = 4000;
export const BOARD_HEIGHT = 3000;
export const MAX_NOTES_PER_BOARD = 500;
export const MAX_NOTE_TEXT = 5000;

export interface Board {
  id: string;
  title: string;
  ownerId: string;
  members: PublicUser[];
  createdAt: string;
}

export interface Note {
  id: string;
  boardId: string;
  text: string;
  x: number;
  y: number;
  color: NoteColor;
  /** Starts at 1, +1 on every change: apply events by version, never older over newer. */
  version: number;
  createdBy: string;
  updatedAt: string;
}

/** GET /api/boards/:id: the board, every note, and the stream cursor the snapshot matches. */
export interface BoardSnapshot {
  board: Board;
  notes: Note[];
  /**
   * Resume cursor of the board's channel as of this snapshot: pass it to the stream
   * (`?lastEventId=` merged with the stream cursor) to get exactly the events after it.
   */
  cursor: string;
}

export interface CreateBoardRequest {
  title: string;
}

export interface CreateNoteRequest {
  text: string;
  x: number;
  y: number;
  color: NoteColor;
  clientId?: string;
}

export interface UpdateNoteRequest {
  text?: string;
  x?: number;
  y?: number;
  color?: NoteColor;
  /** Send the version you edited: a stale one is answered 409 with the current note. */
  version?: number;
  clientId?: string;
}

export interface NoteConflict {
  statusCode: 409;
  error: 'Conflict';
  message: string;
  current: Note;
}
