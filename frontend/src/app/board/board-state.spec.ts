import { describe, expect, it } from 'vitest';

import type { Note } from '@contracts/boards';

import {
  NO_NOTES,
  type PendingWrite,
  conflictOutcome,
  createConfirmed,
  entryOfNote,
  firstConflict,
  isBusy,
  remoteApplied,
  rolledBack,
  snapshotApplied,
  textEditVersion,
  updateConfirmed,
  withoutEntry,
  writeAnswered,
  writeSent,
} from './board-state';
import { CONFLICT, type NoteEntry, confirmedEntry, toView, withOverlay } from './note-entry';

function note(id: string, changes: Partial<Note> = {}): Note {
  return {
    id,
    boardId: 'b1',
    text: `note ${id}`,
    x: 10,
    y: 20,
    color: 'yellow',
    version: 1,
    createdBy: 'u1',
    updatedAt: '2026-01-01T10:00:00.000Z',
    ...changes,
  };
}

/** A note created here, waiting for the server to name it. */
function draft(clientId: string): NoteEntry {
  const entry: NoteEntry = {
    key: `new-${clientId}`,
    id: null,
    confirmed: null,
    overlay: {},
    owners: {},
    inflight: [clientId],
    deleting: false,
    createdBy: 'u1',
  };
  return withOverlay(entry, { text: 'draft', x: 0, y: 0, color: 'pink' }, clientId);
}

const held = (...notes: Note[]) => notes.reduce(remoteApplied, NO_NOTES);

describe('board state', () => {
  it('applies remote notes by version: older or equal never overwrites', () => {
    const state = held(note('n1', { version: 3, text: 'new' }));
    expect(remoteApplied(state, note('n1', { version: 2, text: 'old' }))).toBe(state);
    expect(entryOfNote(remoteApplied(state, note('n1', { version: 4, text: 'newer' })), 'n1')?.confirmed?.text).toBe('newer');
  });

  it('never brings a deleted note back', () => {
    const state = withoutEntry(held(note('n1')), confirmedEntry(note('n1')));
    expect(state.entries.size).toBe(0);
    expect(remoteApplied(state, note('n1', { version: 9 }))).toBe(state);
    expect(snapshotApplied(state, [note('n1', { version: 9 })]).entries.size).toBe(0);
  });

  it('keeps a created note under its local key once the server names it', () => {
    const entry = draft('c1');
    const sent = writeSent(NO_NOTES, 'c1', { key: entry.key, kind: 'create' }, entry);
    const answered = writeAnswered(sent, 'c1');
    expect(answered.writes.size).toBe(0);
    expect(writeAnswered(answered, 'c1')).toBe(answered);
    const named = createConfirmed(answered, entry, 'c1', note('n9', { text: 'draft', color: 'pink' }));
    expect(named.entry.key).toBe('new-c1');
    expect(entryOfNote(named.state, 'n9')).toBe(named.entry);
    expect(toView(named.entry)).toEqual(expect.objectContaining({ id: 'n9', pending: false, text: 'draft' }));
  });

  it('settles an update with the newer version, but not on a deleted note', () => {
    const entry = withOverlay(confirmedEntry(note('n1')), { text: 'mine' }, 'c2');
    const state = writeSent(NO_NOTES, 'c2', { key: 'n1', kind: 'update' }, { ...entry, inflight: ['c2'] });
    const settled = updateConfirmed(state, entry, 'c2', note('n1', { version: 2, text: 'mine' }));
    expect(toView(settled.entries.get('n1')!)).toEqual(expect.objectContaining({ text: 'mine', version: 2, pending: false }));
    const gone = { ...state, tombstones: new Set(['n1']) };
    expect(updateConfirmed(gone, entry, 'c2', note('n1', { version: 2 }))).toBe(gone);
  });

  it('keeps local-only notes and local changes across a snapshot, and forgets notes the server lost', () => {
    const local = draft('c1');
    const edited = withOverlay(confirmedEntry(note('n1')), { x: 99 }, 'c2');
    const state = {
      ...held(note('n1'), note('n2')),
      entries: new Map([
        ['n1', edited],
        ['n2', confirmedEntry(note('n2'))],
        [local.key, local],
      ]),
    };
    const next = snapshotApplied(state, [note('n1', { version: 2, text: 'server' }), note('n3')]);
    expect([...next.entries.keys()].sort()).toEqual(['n1', 'n3', 'new-c1']);
    expect(toView(next.entries.get('n1')!)).toEqual(expect.objectContaining({ text: 'server', x: 99, version: 2 }));
    expect(next.keys.has('n2')).toBe(false);
  });

  it('rolls a failed write back to what the server holds', () => {
    const entry = { ...withOverlay(confirmedEntry(note('n1')), { color: 'blue' as const }, 'c2'), inflight: ['c2'] };
    const update: PendingWrite = { key: 'n1', kind: 'update' };
    expect(toView(rolledBack(entry, update, 'c2', 500)!)).toEqual(expect.objectContaining({ color: 'yellow', pending: false }));
    expect(rolledBack(draft('c1'), { key: 'new-c1', kind: 'create' }, 'c1', 500)).toBeNull();
    const deleting = { ...entry, deleting: true };
    expect(rolledBack(deleting, { key: 'n1', kind: 'delete' }, 'c2', 500)?.deleting).toBe(false);
    expect(rolledBack(deleting, { key: 'n1', kind: 'delete' }, 'c2', 404)).toBeNull();
  });

  describe('a text edit refused for a stale version', () => {
    const edit = (confirmedText: string) =>
      withOverlay({ ...confirmedEntry(note('n1', { text: confirmedText, version: 2 })), inflight: ['c2'] }, { text: 'mine' }, 'c2');
    const text = { mine: 'mine', baseText: 'base', attempts: 0 };

    it('is re-sent when only position or colour moved on', () => {
      expect(conflictOutcome(edit('base'), 'c2', text, note('n1'))).toEqual(
        expect.objectContaining({ kind: 'resend', text: 'mine', version: 2, baseText: 'base', attempts: 1 }),
      );
    });

    it('waits for the user when someone else changed the text', () => {
      const outcome = conflictOutcome(edit('theirs'), 'c2', text, note('n1'));
      expect(outcome.kind).toBe('conflict');
      expect(outcome.entry.owners.text).toBe(CONFLICT);
      expect(firstConflict(new Map([['n1', outcome.entry]]))).toEqual({ key: 'n1', mine: 'mine', theirs: 'theirs' });
    });

    it('waits for the user after too many harmless retries', () => {
      expect(conflictOutcome(edit('base'), 'c2', { ...text, attempts: 3 }, note('n1')).kind).toBe('conflict');
    });

    it('settles when the server already has our text, or a later edit took over', () => {
      expect(conflictOutcome(edit('mine'), 'c2', text, note('n1')).kind).toBe('settled');
      expect(conflictOutcome(edit('theirs'), 'c1', text, note('n1')).kind).toBe('settled');
    });
  });

  it('sends a text edit with the current version when the server text is what the user started from', () => {
    const entry = confirmedEntry(note('n1', { text: 'base', version: 5 }));
    expect(textEditVersion(entry, { version: 3, text: 'base' })).toBe(5);
    expect(textEditVersion(entry, { version: 3, text: 'other' })).toBe(3);
  });

  it('calls a note busy while it is edited, in conflict or waiting for an answer', () => {
    const idle = confirmedEntry(note('n1'));
    expect(isBusy(idle, null)).toBe(false);
    expect(isBusy(idle, 'n1')).toBe(true);
    expect(isBusy({ ...idle, inflight: ['c1'] }, null)).toBe(true);
  });
});
