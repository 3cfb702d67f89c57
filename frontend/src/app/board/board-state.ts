import type { Note } from '@contracts/boards';

import { CONFLICT, type NoteEntry, confirmedEntry, newer, settle, withOverlay } from './note-entry';

/** A write waiting for its answer or echo, by the clientId it was sent with. */
export interface PendingWrite {
  readonly key: string;
  readonly kind: 'create' | 'update' | 'delete';
  /** For text edits: what 409 handling needs to tell a real conflict from a harmless one. */
  readonly text?: TextWrite;
}

export interface TextWrite {
  readonly mine: string;
  readonly baseText: string;
  readonly attempts: number;
}

export interface ConflictView {
  key: string;
  mine: string;
  theirs: string;
}

/**
 * The notes of one open board as this tab knows them. Every transition below is a pure
 * function of the previous state, so the store only does I/O and holds this in one signal.
 */
export interface BoardNotes {
  /** By entry key (stable for a note's life in this tab, see NoteEntry.key). */
  readonly entries: ReadonlyMap<string, NoteEntry>;
  /** Server id → entry key. */
  readonly keys: ReadonlyMap<string, string>;
  /** clientId → the write waiting for its answer or echo. */
  readonly writes: ReadonlyMap<string, PendingWrite>;
  /** Ids of deleted notes: a late or replayed event must not bring one back. */
  readonly tombstones: ReadonlySet<string>;
}

export const NO_NOTES: BoardNotes = { entries: new Map(), keys: new Map(), writes: new Map(), tombstones: new Set() };

/** Automatic re-sends after a 409 that was no real conflict (only position or colour moved on). */
export const MAX_TEXT_RETRIES = 3;

export function entryOfNote(state: BoardNotes, noteId: string): NoteEntry | undefined {
  const key = state.keys.get(noteId);
  return key === undefined ? undefined : state.entries.get(key);
}

export function withEntry(state: BoardNotes, entry: NoteEntry): BoardNotes {
  return { ...state, entries: new Map(state.entries).set(entry.key, entry) };
}

/** The note is gone for good: drop it and never let an event bring it back. */
export function withoutEntry(state: BoardNotes, entry: NoteEntry): BoardNotes {
  const entries = new Map(state.entries);
  entries.delete(entry.key);
  if (entry.id === null) {
    return { ...state, entries };
  }
  const keys = new Map(state.keys);
  keys.delete(entry.id);
  return { ...state, entries, keys, tombstones: new Set(state.tombstones).add(entry.id) };
}

/** The entry as changed by a write that is now on its way. */
export function writeSent(state: BoardNotes, clientId: string, write: PendingWrite, entry: NoteEntry): BoardNotes {
  return { ...withEntry(state, entry), writes: new Map(state.writes).set(clientId, write) };
}

/** Takes a write off the waiting list; the same state when it was not (or no longer) waiting. */
export function writeAnswered(state: BoardNotes, clientId: string): BoardNotes {
  if (!state.writes.has(clientId)) {
    return state;
  }
  const writes = new Map(state.writes);
  writes.delete(clientId);
  return { ...state, writes };
}

/**
 * The note was deleted by someone else while the user's changes to it waited offline: it stays
 * shown with those changes (no longer a note of the board, nothing more is sent) until the
 * user restores it as a new note or dismisses it.
 */
export function deletedRemotely(state: BoardNotes, entry: NoteEntry): BoardNotes {
  const kept: NoteEntry = { ...entry, inflight: [], deleting: false, deletedRemotely: true };
  if (entry.id === null) {
    return withEntry(state, kept);
  }
  const keys = new Map(state.keys);
  keys.delete(entry.id);
  return { ...withEntry(state, kept), keys, tombstones: new Set(state.tombstones).add(entry.id) };
}

/** Applies a note by version: older or equal never overwrites what we hold. */
export function remoteApplied(state: BoardNotes, note: Note): BoardNotes {
  if (state.tombstones.has(note.id)) {
    return state;
  }
  const entry = entryOfNote(state, note.id);
  if (!entry) {
    return { ...withEntry(state, confirmedEntry(note)), keys: new Map(state.keys).set(note.id, note.id) };
  }
  if (entry.confirmed && note.version <= entry.confirmed.version) {
    return state;
  }
  return withEntry(state, { ...entry, confirmed: note });
}

/** A note back from the trash with its id: the deletion no longer keeps it out. */
export function restoredApplied(state: BoardNotes, note: Note): BoardNotes {
  if (!state.tombstones.has(note.id)) {
    return remoteApplied(state, note);
  }
  const tombstones = new Set(state.tombstones);
  tombstones.delete(note.id);
  return remoteApplied({ ...state, tombstones }, note);
}

/** The server named a note we created: settle the create and key the id to our entry. */
export function createConfirmed(
  state: BoardNotes,
  entry: NoteEntry,
  clientId: string,
  note: Note,
): { state: BoardNotes; entry: NoteEntry } {
  const confirmed = settle({ ...entry, id: note.id, confirmed: newer(entry.confirmed, note) }, clientId);
  return { state: { ...withEntry(state, confirmed), keys: new Map(state.keys).set(note.id, entry.key) }, entry: confirmed };
}

/** An update's answer or echo: the newer version becomes what the server confirmed. */
export function updateConfirmed(state: BoardNotes, entry: NoteEntry, clientId: string, note: Note): BoardNotes {
  if (state.tombstones.has(note.id)) {
    return state;
  }
  return withEntry(state, settle({ ...entry, confirmed: newer(entry.confirmed, note) }, clientId));
}

/**
 * Replaces what we hold with a snapshot, keeping local changes on top and notes that exist
 * only here. Notes the snapshot lacks are forgotten (not tombstoned: the snapshot is the truth).
 */
export function snapshotApplied(state: BoardNotes, notes: readonly Note[]): BoardNotes {
  const entries = new Map<string, NoteEntry>();
  const keys = new Map(state.keys);
  const onServer = new Set<string>();
  for (const note of notes) {
    if (state.tombstones.has(note.id)) {
      continue;
    }
    onServer.add(note.id);
    const key = keys.get(note.id);
    const held = key === undefined ? undefined : state.entries.get(key);
    if (held) {
      entries.set(held.key, { ...held, confirmed: newer(held.confirmed, note) });
    } else {
      keys.set(note.id, note.id);
      entries.set(note.id, confirmedEntry(note));
    }
  }
  for (const entry of state.entries.values()) {
    if (entry.id === null || entry.deletedRemotely) {
      entries.set(entry.key, entry);
    } else if (!onServer.has(entry.id)) {
      keys.delete(entry.id);
    }
  }
  return { ...state, entries, keys };
}

/** What a failed write leaves of its note: null when the note goes (a failed create, an already-deleted note). */
export function rolledBack(entry: NoteEntry, write: PendingWrite, clientId: string, status: number): NoteEntry | null {
  switch (write.kind) {
    case 'create':
      return null;
    case 'delete':
      return status === 404 ? null : { ...settle(entry, clientId), deleting: false };
    case 'update':
      return settle(entry, clientId);
  }
}

export type ConflictOutcome =
  | { kind: 'settled'; entry: NoteEntry }
  | { kind: 'resend'; entry: NoteEntry; text: string; version: number; baseText: string; attempts: number }
  | { kind: 'conflict'; entry: NoteEntry };

/**
 * A text edit was refused for a stale version, `current` being the server's note. A real
 * conflict waits for the user; a harmless one (only position or colour moved on) is re-sent.
 */
export function conflictOutcome(entry: NoteEntry, clientId: string, text: TextWrite, current: Note): ConflictOutcome {
  const settled = settle(entry, clientId);
  if (entry.owners.text !== clientId) {
    // A later edit of this note replaced this one; its own answer decides.
    return { kind: 'settled', entry: settled };
  }
  const latest = settled.confirmed ?? current;
  const { mine, baseText, attempts } = text;
  if (latest.text === mine) {
    return { kind: 'settled', entry: settled };
  }
  if (latest.text === baseText && attempts < MAX_TEXT_RETRIES) {
    return { kind: 'resend', entry: settled, text: mine, version: latest.version, baseText: latest.text, attempts: attempts + 1 };
  }
  return { kind: 'conflict', entry: withOverlay(settled, { text: mine }, CONFLICT) };
}

/**
 * The version a text edit is sent with: the one the edit started from, unless the server's
 * text is still what the user started with (then only position or colour moved on).
 */
export function textEditVersion(entry: NoteEntry, base: { version: number; text: string }): number {
  const confirmed = entry.confirmed;
  return confirmed && confirmed.text === base.text ? confirmed.version : base.version;
}

/** The first note waiting for the user to choose between their text and the server's. */
export function firstConflict(entries: ReadonlyMap<string, NoteEntry>): ConflictView | null {
  for (const entry of entries.values()) {
    if (entry.owners.text === CONFLICT && !entry.deleting) {
      return { key: entry.key, mine: entry.overlay.text ?? '', theirs: entry.confirmed?.text ?? '' };
    }
  }
  return null;
}

/** Whether the user had something going on with this note (so its deletion by someone else deserves a word). */
export function isBusy(entry: NoteEntry, editingKey: string | null): boolean {
  return editingKey === entry.key || entry.owners.text === CONFLICT || entry.inflight.length > 0;
}
