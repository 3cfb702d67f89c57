import { type Editable, FIELDS, type Field, LOCAL, type NoteEntry, type NoteView, pick } from './note-entry';

/** Steps a tab remembers; the oldest go first beyond it. */
export const MAX_UNDO_STEPS = 100;

/**
 * A note action of this user in this tab, as the store saw it. `key` is the store's entry key
 * (stable while the tab knows the note, also before the server names it).
 */
export type LocalChange =
  | { kind: 'create'; key: string; note: Editable }
  | { kind: 'update'; key: string; before: Partial<Editable>; after: Partial<Editable> }
  | { kind: 'delete'; key: string; note: Editable };

/** One undoable step: a local change. Undo and redo plan against the note as it is now. */
export type UndoStep = LocalChange;

export interface UndoHistory {
  /** Newest last. */
  readonly undo: readonly UndoStep[];
  /** Newest last: what undo took back, to redo. */
  readonly redo: readonly UndoStep[];
}

export const EMPTY_HISTORY: UndoHistory = { undo: [], redo: [] };

/** A new action of the user: it goes on top (capped) and whatever was undone can no longer be redone. */
export function recorded(history: UndoHistory, step: UndoStep): UndoHistory {
  if (step.kind === 'update' && changedFields(step).length === 0) {
    return history;
  }
  return { undo: [...history.undo, step].slice(-MAX_UNDO_STEPS), redo: [] };
}

export type Direction = 'undo' | 'redo';

/** Why a step could not be taken back (or redone). */
export type SkipReason =
  /** Someone else changed what the step changed since. */
  | 'changed'
  /** The note is gone (deleted by someone else, or out of the trash). */
  | 'gone'
  /** The note the step would bring back is already there. */
  | 'exists';

export type Plan =
  | { kind: 'write'; changes: Partial<Editable>; step: UndoStep }
  | { kind: 'delete'; step: UndoStep }
  | { kind: 'restore'; step: UndoStep }
  | { kind: 'skip'; reason: SkipReason };

/**
 * What undoing (or redoing) a step does to the note as it is now (`current`, undefined when the
 * board has no such note). Like Liveblocks and Excalidraw: only fields whose value is still the
 * one this step left are set back; a field someone changed since is theirs. `step` in the plan is
 * the step as taken (only the fields it set), to move to the other stack.
 */
export function plan(direction: Direction, step: UndoStep, current: Editable | undefined): Plan {
  switch (step.kind) {
    case 'update': {
      if (!current) {
        return { kind: 'skip', reason: 'gone' };
      }
      const [from, to] = direction === 'undo' ? [step.after, step.before] : [step.before, step.after];
      const fields = changedFields(step).filter((field) => current[field] === from[field]);
      if (fields.length === 0) {
        return { kind: 'skip', reason: 'changed' };
      }
      return {
        kind: 'write',
        changes: pick(to, fields),
        step: { ...step, before: pick(step.before, fields), after: pick(step.after, fields) },
      };
    }
    case 'create':
    case 'delete': {
      // Undoing a create and redoing a delete both delete; the other two bring the note back.
      const deletes = (step.kind === 'create') === (direction === 'undo');
      if (!deletes) {
        return current ? { kind: 'skip', reason: 'exists' } : { kind: 'restore', step };
      }
      if (!current) {
        return { kind: 'skip', reason: 'gone' };
      }
      return sameNote(current, step.note) ? { kind: 'delete', step } : { kind: 'skip', reason: 'changed' };
    }
  }
}

/** The history once a step was taken: it moves to the other stack. */
export function taken(history: UndoHistory, direction: Direction, step: UndoStep): UndoHistory {
  const [from, to] = direction === 'undo' ? ([history.undo, history.redo] as const) : ([history.redo, history.undo] as const);
  const rest = from.slice(0, -1);
  const other = [...to, step].slice(-MAX_UNDO_STEPS);
  return direction === 'undo' ? { undo: rest, redo: other } : { undo: other, redo: rest };
}

/** The history once the top step of `direction` was skipped: it is gone from both stacks. */
export function skipped(history: UndoHistory, direction: Direction): UndoHistory {
  return direction === 'undo' ? { ...history, undo: history.undo.slice(0, -1) } : { ...history, redo: history.redo.slice(0, -1) };
}

/** The next step to take in `direction`, if any. */
export function next(history: UndoHistory, direction: Direction): UndoStep | undefined {
  const stack = direction === 'undo' ? history.undo : history.redo;
  return stack[stack.length - 1];
}

/** The toast for a skipped step. `who` is the name of whoever changed or deleted the note, when known. */
export function skipMessage(reason: SkipReason, direction: Direction, who: string | undefined): string {
  // Whole sentences per direction: "undo"/"redo" inflect differently inside another language's sentence.
  const undo = direction === 'undo';
  switch (reason) {
    case 'changed':
      if (who) {
        return undo
          ? $localize`:@@board.undo.skipChangedBy:${who}:name: changed this note since — undo skipped.`
          : $localize`:@@board.redo.skipChangedBy:${who}:name: changed this note since — redo skipped.`;
      }
      return undo
        ? $localize`:@@board.undo.skipChanged:Someone else changed this note since — undo skipped.`
        : $localize`:@@board.redo.skipChanged:Someone else changed this note since — redo skipped.`;
    case 'gone':
      if (who) {
        return undo
          ? $localize`:@@board.undo.skipDeletedBy:${who}:name: deleted this note — undo skipped.`
          : $localize`:@@board.redo.skipDeletedBy:${who}:name: deleted this note — redo skipped.`;
      }
      return undo
        ? $localize`:@@board.undo.skipGone:This note is gone — undo skipped.`
        : $localize`:@@board.redo.skipGone:This note is gone — redo skipped.`;
    case 'exists':
      return undo
        ? $localize`:@@board.undo.skipExists:This note is already back — undo skipped.`
        : $localize`:@@board.redo.skipExists:This note is already back — redo skipped.`;
  }
}

function changedFields(step: Extract<UndoStep, { kind: 'update' }>): Field[] {
  return FIELDS.filter((field) => step.after[field] !== undefined && step.after[field] !== step.before[field]);
}

function sameNote(a: Editable, b: Editable): boolean {
  return FIELDS.every((field) => a[field] === b[field]);
}

/** Where a move started: a drag shows its position locally, so the server's is where it began. */
export function positionBefore(entry: NoteEntry, shown: NoteView): { x: number; y: number } {
  const confirmed = entry.confirmed;
  return entry.owners.x === LOCAL && confirmed ? { x: confirmed.x, y: confirmed.y } : { x: shown.x, y: shown.y };
}
