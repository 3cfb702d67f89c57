import type { OutboxRecord } from '../offline/offline-db';
import { type Editable, FIELDS, pick } from './note-entry';

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
