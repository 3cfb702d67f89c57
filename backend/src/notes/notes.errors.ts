import type { Note } from '../../../contracts/boards';
import { ConflictError, NotFoundError } from '../common/domain-error';

export class NoteNotFoundError extends NotFoundError {
  constructor() {
    super('Note not found', 'note_not_found');
  }
}

export class BoardFullError extends ConflictError {
  constructor(max: number) {
    super(`This board already has ${max} notes, the most it can hold`, undefined, 'board_full');
  }
}

/** A stale version: the body carries the current note so the client can merge instead of losing work. */
export class StaleNoteError extends ConflictError {
  constructor(current: Note) {
    super('Someone else changed this note first', { current }, 'stale_note');
  }
}

export class NotInTrashError extends NotFoundError {
  constructor() {
    super("This note is not in the board's trash (restored already, emptied, or kept no longer)", 'note_not_in_trash');
  }
}

/** Restoring would give a live note's id to a second note. */
export class NoteIdTakenError extends ConflictError {
  constructor() {
    super('A note with this id is on the board already', undefined, 'note_id_taken');
  }
}
