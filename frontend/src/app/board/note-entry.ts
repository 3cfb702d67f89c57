import { BOARD_HEIGHT, BOARD_WIDTH } from '@contracts/boards';
import type { Note, NoteColor } from '@contracts/boards';

export type Editable = Pick<Note, 'text' | 'x' | 'y' | 'color'>;
export type Field = keyof Editable;
export const FIELDS: readonly Field[] = ['text', 'x', 'y', 'color'];

/** Rendered size of a note; positions are clamped so a note never leaves the board. */
export const NOTE_WIDTH = 200;
export const NOTE_HEIGHT = 168;

// Owners of overlay fields that no request answers for.
/** Changed before the note exists on the server: sent as soon as it does. */
export const DEFERRED = '~deferred';
/** A drag in progress: shown, not sent yet. */
export const LOCAL = '~local';
/** The user's text after a 409, held until they choose. */
export const CONFLICT = '~conflict';

/**
 * One note as this tab knows it: the last state the server confirmed, plus local
 * changes laid over it. Each overlay field remembers which write (clientId) set it,
 * so a write's answer clears only what that write still owns, and a failure rolls
 * back exactly that.
 */
export interface NoteEntry {
  /** Stable for the note's life in this tab (a local creation keeps its key after the server names it). */
  readonly key: string;
  readonly id: string | null;
  readonly confirmed: Note | null;
  readonly overlay: Readonly<Partial<Editable>>;
  readonly owners: Readonly<Partial<Record<Field, string>>>;
  /** clientIds of requests still waiting for an answer. */
  readonly inflight: readonly string[];
  readonly deleting: boolean;
  readonly createdBy: string;
  /** Someone else deleted it while the user's changes to it waited offline: kept, greyed, to restore or dismiss. */
  readonly deletedRemotely?: boolean;
}

export interface NoteView extends Editable {
  readonly key: string;
  readonly id: string | null;
  /** 0 while the note exists only here. */
  readonly version: number;
  readonly createdBy: string;
  readonly pending: boolean;
  readonly conflict: boolean;
  readonly deletedWhileOffline: boolean;
}

export function confirmedEntry(note: Note): NoteEntry {
  return { key: note.id, id: note.id, confirmed: note, overlay: {}, owners: {}, inflight: [], deleting: false, createdBy: note.createdBy };
}

/** Older never overwrites newer. */
export function newer(held: Note | null, incoming: Note): Note {
  return held && held.version >= incoming.version ? held : incoming;
}

export function withOverlay(entry: NoteEntry, changes: Partial<Editable>, owner: string): NoteEntry {
  const owners = { ...entry.owners };
  for (const field of fieldsOf(changes)) {
    owners[field] = owner;
  }
  return { ...entry, overlay: { ...entry.overlay, ...changes }, owners };
}

/** The write is answered (either way): drop what it still owns and stop waiting for it. */
export function settle(entry: NoteEntry, clientId: string): NoteEntry {
  return dropFields(
    { ...entry, inflight: entry.inflight.filter((id) => id !== clientId) },
    FIELDS.filter((field) => entry.owners[field] === clientId),
  );
}

export function dropFields(entry: NoteEntry, fields: readonly Field[]): NoteEntry {
  if (fields.length === 0) {
    return entry;
  }
  const overlay = { ...entry.overlay };
  const owners = { ...entry.owners };
  for (const field of fields) {
    delete overlay[field];
    delete owners[field];
  }
  return { ...entry, overlay, owners };
}

export function fieldsOf(changes: Partial<Editable>): Field[] {
  return FIELDS.filter((field) => changes[field] !== undefined);
}

export function pick(source: Partial<Editable>, fields: readonly Field[]): Partial<Editable> {
  const picked: Partial<Editable> = {};
  for (const field of fields) {
    if (source[field] !== undefined) {
      Object.assign(picked, { [field]: source[field] });
    }
  }
  return picked;
}

export function toView(entry: NoteEntry): NoteView {
  const base: Editable & { version: number } = entry.confirmed ?? { text: '', x: 0, y: 0, color: 'yellow', version: 0 };
  const owners = Object.values(entry.owners);
  return {
    key: entry.key,
    id: entry.id,
    text: entry.overlay.text ?? base.text,
    x: entry.overlay.x ?? base.x,
    y: entry.overlay.y ?? base.y,
    color: entry.overlay.color ?? base.color,
    version: base.version,
    createdBy: entry.createdBy,
    pending: !entry.deletedRemotely && (entry.id === null || entry.inflight.length > 0 || owners.includes(DEFERRED)),
    conflict: entry.owners.text === CONFLICT,
    deletedWhileOffline: entry.deletedRemotely === true,
  };
}

export function clampPosition(x: number, y: number): { x: number; y: number } {
  return {
    x: Math.round(Math.min(Math.max(0, x), BOARD_WIDTH - NOTE_WIDTH)),
    y: Math.round(Math.min(Math.max(0, y), BOARD_HEIGHT - NOTE_HEIGHT)),
  };
}

export const DEFAULT_COLOR: NoteColor = 'yellow';

/** A note the user just made (here, or before a reload): known only by its write's clientId until the server names it. */
export function newNoteEntry(clientId: string, createdBy: string): NoteEntry {
  return {
    key: `new-${clientId}`,
    id: null,
    confirmed: null,
    overlay: {},
    owners: {},
    inflight: [clientId],
    deleting: false,
    createdBy,
  };
}
