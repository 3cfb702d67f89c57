import type { OutboxRecord } from '../offline/offline-db';
import { type BoardNotes, type PendingWrite, entryOfNote, writeSent } from './board-state';
import { type Editable, FIELDS, newNoteEntry, pick, withOverlay } from './note-entry';

/** A note write waiting in the outbox, as the board needs it to show it pending again. */
export type QueuedNoteWrite =
  | { kind: 'create'; clientId: string; draft: Editable }
  | { kind: 'update'; clientId: string; noteId: string; changes: Partial<Editable>; version: number | undefined }
  | { kind: 'delete'; clientId: string; noteId: string };

/** Reads a queued note write back from its record; null for anything else (or a record it cannot read). */
export function queuedNoteWrite(record: OutboxRecord): QueuedNoteWrite | null {
  const body = (record.body ?? {}) as Partial<Editable> & { version?: number };
  const clientId = record.key;
  switch (record.kind) {
    case 'note.create':
      return { kind: 'create', clientId, draft: { text: body.text ?? '', x: body.x ?? 0, y: body.y ?? 0, color: body.color ?? 'yellow' } };
    case 'note.update': {
      const noteId = noteIdOf(record.url);
      return noteId ? { kind: 'update', clientId, noteId, changes: pick(body, FIELDS), version: body.version } : null;
    }
    case 'note.delete': {
      const noteId = noteIdOf(record.url);
      return noteId ? { kind: 'delete', clientId, noteId } : null;
    }
    case 'chat.message':
    case 'chat.read':
      return null;
  }
}

/** `/api/boards/<board>/notes/<note>[?query]` → the note's id. */
function noteIdOf(url: string): string | null {
  const match = /\/notes\/([^/?]+)/.exec(url);
  return match ? decodeURIComponent(match[1]) : null;
}

/**
 * The board with one queued write shown pending again, as when it was made; the same state when
 * the note it changes is not on the board (any more).
 */
export function queuedWriteShown(state: BoardNotes, write: QueuedNoteWrite, createdBy: string): BoardNotes {
  const { clientId } = write;
  if (write.kind === 'create') {
    const entry = newNoteEntry(clientId, createdBy);
    return writeSent(state, clientId, { key: entry.key, kind: 'create' }, withOverlay(entry, write.draft, clientId));
  }
  const entry = entryOfNote(state, write.noteId);
  if (!entry) {
    return state;
  }
  if (write.kind === 'delete') {
    return writeSent(
      state,
      clientId,
      { key: entry.key, kind: 'delete' },
      { ...entry, deleting: true, inflight: [...entry.inflight, clientId] },
    );
  }
  const { changes, version } = write;
  const confirmed = entry.confirmed;
  // The text the edit started from is known only while the server still holds that version.
  const baseText = confirmed && confirmed.version === version ? confirmed.text : '\u0000';
  const pending: PendingWrite =
    version !== undefined && changes.text !== undefined
      ? { key: entry.key, kind: 'update', text: { mine: changes.text, baseText, attempts: 0 } }
      : { key: entry.key, kind: 'update' };
  const updated = withOverlay(entry, changes, clientId);
  return writeSent(state, clientId, pending, { ...updated, inflight: [...updated.inflight, clientId] });
}
