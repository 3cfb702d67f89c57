import { describe, expect, it } from 'vitest';

import type { Editable } from './note-entry';
import { EMPTY_HISTORY, MAX_UNDO_STEPS, type UndoStep, next, plan, recorded, skipMessage, skipped, taken } from './undo-history';

const note = (changes: Partial<Editable> = {}): Editable => ({ text: 'hello', x: 10, y: 20, color: 'yellow', ...changes });
const recolor: UndoStep = { kind: 'update', key: 'n1', before: { color: 'yellow' }, after: { color: 'pink' } };
const retext: UndoStep = { kind: 'update', key: 'n1', before: { text: 'hello' }, after: { text: 'bye' } };

describe('undo history', () => {
  it('keeps the newest steps up to the cap, and a new action clears what could be redone', () => {
    let history = EMPTY_HISTORY;
    for (let i = 0; i < MAX_UNDO_STEPS + 5; i += 1) {
      history = recorded(history, { kind: 'update', key: `n${i}`, before: { x: 0 }, after: { x: i + 1 } });
    }
    expect(history.undo).toHaveLength(MAX_UNDO_STEPS);
    expect(next(history, 'undo')?.key).toBe(`n${MAX_UNDO_STEPS + 4}`);
    expect(history.undo[0].key).toBe('n5');

    const undone = taken(history, 'undo', next(history, 'undo')!);
    expect(undone.redo).toHaveLength(1);
    expect(recorded(undone, recolor).redo).toEqual([]);
  });

  it('does not record a change that changed nothing', () => {
    expect(recorded(EMPTY_HISTORY, { kind: 'update', key: 'n1', before: { x: 1, y: 2 }, after: { x: 1, y: 2 } })).toBe(EMPTY_HISTORY);
  });

  it('moves a taken step to the other stack and drops a skipped one from both', () => {
    const history = recorded(recorded(EMPTY_HISTORY, retext), recolor);
    const undone = taken(history, 'undo', recolor);
    expect(undone).toEqual({ undo: [retext], redo: [recolor] });
    expect(taken(undone, 'redo', recolor)).toEqual({ undo: [retext, recolor], redo: [] });
    expect(skipped(history, 'undo')).toEqual({ undo: [retext], redo: [] });
  });

  describe('planning an edit', () => {
    it('sets back what the user changed while it is still what they left', () => {
      expect(plan('undo', recolor, note({ color: 'pink' }))).toEqual({ kind: 'write', changes: { color: 'yellow' }, step: recolor });
      expect(plan('redo', recolor, note({ color: 'yellow' }))).toEqual({ kind: 'write', changes: { color: 'pink' }, step: recolor });
    });

    it('skips a field someone else changed since', () => {
      expect(plan('undo', recolor, note({ color: 'blue' }))).toEqual({ kind: 'skip', reason: 'changed' });
      expect(plan('redo', recolor, note({ color: 'blue' }))).toEqual({ kind: 'skip', reason: 'changed' });
    });

    it('sets back only the fields nobody changed since, and the taken step keeps only those', () => {
      const moved: UndoStep = { kind: 'update', key: 'n1', before: { x: 10, y: 20 }, after: { x: 300, y: 400 } };
      const planned = plan('undo', moved, note({ x: 300, y: 999 }));
      expect(planned).toEqual({ kind: 'write', changes: { x: 10 }, step: { ...moved, before: { x: 10 }, after: { x: 300 } } });
    });

    it('skips a note that is gone', () => {
      expect(plan('undo', retext, undefined)).toEqual({ kind: 'skip', reason: 'gone' });
    });
  });

  describe('planning a create and a delete', () => {
    const created: UndoStep = { kind: 'create', key: 'new-1', note: note() };
    const deleted: UndoStep = { kind: 'delete', key: 'n1', note: note() };

    it('undoes a create by deleting the note, unless someone changed it since', () => {
      expect(plan('undo', created, note())).toEqual({ kind: 'delete', step: created });
      expect(plan('undo', created, note({ text: 'theirs' }))).toEqual({ kind: 'skip', reason: 'changed' });
      expect(plan('undo', created, undefined)).toEqual({ kind: 'skip', reason: 'gone' });
    });

    it('redoes a create by restoring the note from the trash', () => {
      expect(plan('redo', created, undefined)).toEqual({ kind: 'restore', step: created });
      expect(plan('redo', created, note())).toEqual({ kind: 'skip', reason: 'exists' });
    });

    it('undoes a delete by restoring, and redoes it by deleting the unchanged note', () => {
      expect(plan('undo', deleted, undefined)).toEqual({ kind: 'restore', step: deleted });
      expect(plan('undo', deleted, note())).toEqual({ kind: 'skip', reason: 'exists' });
      expect(plan('redo', deleted, note())).toEqual({ kind: 'delete', step: deleted });
      expect(plan('redo', deleted, note({ color: 'green' }))).toEqual({ kind: 'skip', reason: 'changed' });
    });
  });

  it('says why a step was skipped, naming who when known', () => {
    expect(skipMessage('changed', 'undo', 'Bob')).toBe('Bob changed this note since — undo skipped.');
    expect(skipMessage('changed', 'redo', undefined)).toBe('Someone else changed this note since — redo skipped.');
    expect(skipMessage('gone', 'undo', 'Bob')).toBe('Bob deleted this note — undo skipped.');
  });
});
