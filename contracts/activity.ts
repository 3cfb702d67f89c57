// The board's activity feed is built from the board's events, by this one function on both
// sides: the server stores what it returns, the app adds it live from the same events.
// Runtime code, pure.
import type { ActivityEntry, ActivityKind, NoteField } from './boards';
import type { AnyEventEnvelope, EventType } from './events';

export const ACTIVITY_PAGE_DEFAULT = 50;
export const ACTIVITY_PAGE_MAX = 100;
/** Entries a board's feed keeps; older ones drop off. */
export const MAX_ACTIVITY_PER_BOARD = 2000;
/** Moves, edits or recolours of one note by one user within this window are one entry (the newest). */
export const ACTIVITY_COALESCE_MS = 60_000;
/** The longest excerpt of a note's text an entry or a note.deleted event carries. */
export const NOTE_EXCERPT_MAX = 80;

/** Kinds that coalesce: one user nudging one note many times is one line of the feed. */
const COALESCING: ReadonlySet<ActivityKind> = new Set<ActivityKind>(['note.edited', 'note.moved', 'note.recolored']);

const BOARD_PREFIX = 'board:';

/** The board events the feed is built from: what activityFromEvent may turn into an entry. */
export const ACTIVITY_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'note.created',
  'note.updated',
  'note.deleted',
  'board.member_added',
  'board.member_removed',
  'board.role_changed',
  'trash.emptied',
  'vote.started',
  'vote.ended',
]);

/** The note's text on one line, at most NOTE_EXCERPT_MAX characters (an ellipsis marks a cut). */
export function noteExcerpt(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= NOTE_EXCERPT_MAX ? chars.join('') : `${chars.slice(0, NOTE_EXCERPT_MAX - 1).join('')}…`;
}

/**
 * The feed entry for a board event, or undefined for events the feed does not show.
 * `noteText` resolves a note id to its text when the event does not carry it (deletions).
 */
export function activityFromEvent(
  envelope: AnyEventEnvelope,
  noteText?: (noteId: string) => string | undefined,
): ActivityEntry | undefined {
  if (envelope.id === '' || !envelope.channel.startsWith(BOARD_PREFIX)) {
    return undefined;
  }
  const base = { id: envelope.id, boardId: envelope.channel.slice(BOARD_PREFIX.length), actorId: envelope.userId, at: envelope.timestamp };
  switch (envelope.type) {
    case 'note.created': {
      const { note, restored } = envelope.data;
      return { ...base, kind: restored ? 'note.restored' : 'note.created', noteId: note.id, noteText: noteExcerpt(note.text) };
    }
    case 'note.updated': {
      const kind = updateKind(envelope.data.changed);
      const { note } = envelope.data;
      return kind && { ...base, kind, noteId: note.id, noteText: noteExcerpt(note.text) };
    }
    case 'note.deleted': {
      const { noteId } = envelope.data;
      const text = envelope.data.noteText ?? noteText?.(noteId);
      return text === undefined
        ? { ...base, kind: 'note.deleted', noteId }
        : { ...base, kind: 'note.deleted', noteId, noteText: noteExcerpt(text) };
    }
    case 'board.member_added':
      return { ...base, kind: 'member.joined', userId: envelope.data.member.id, role: envelope.data.role };
    case 'board.member_removed':
      return { ...base, kind: envelope.data.reason === 'left' ? 'member.left' : 'member.removed', userId: envelope.data.userId };
    case 'board.role_changed': {
      const { userId, role } = envelope.data;
      return { ...base, kind: role === 'owner' ? 'board.owner_changed' : 'member.role_changed', userId, role };
    }
    case 'trash.emptied':
      return { ...base, kind: 'trash.emptied' };
    case 'vote.started':
      return { ...base, kind: 'vote.started' };
    case 'vote.ended':
      return { ...base, kind: 'vote.ended' };
    default:
      return undefined;
  }
}

/** Text wins over colour, colour over position; a write that changed nothing is no entry. */
function updateKind(changed: readonly NoteField[] | undefined): ActivityKind | undefined {
  if (changed === undefined || changed.includes('text')) {
    return 'note.edited';
  }
  if (changed.includes('color')) {
    return 'note.recolored';
  }
  return changed.length > 0 ? 'note.moved' : undefined;
}

/**
 * Adds an entry to a newest-first feed, replacing the entry it coalesces with (see ACTIVITY_COALESCE_MS).
 * An entry already in the feed, or older than the one it would coalesce with, changes nothing
 * (events can arrive twice or out of order across reconnects and pods).
 */
export function addActivity(feed: readonly ActivityEntry[], entry: ActivityEntry): ActivityEntry[] {
  if (feed.some((existing) => existing.id === entry.id)) {
    return [...feed];
  }
  let next = [...feed];
  const index = next.findIndex((existing) => coalesces(existing, entry));
  if (index >= 0) {
    if (compareActivityIds(next[index].id, entry.id) > 0) {
      return next;
    }
    next.splice(index, 1);
  }
  const at = next.findIndex((existing) => compareActivityIds(existing.id, entry.id) < 0);
  next = at < 0 ? [...next, entry] : [...next.slice(0, at), entry, ...next.slice(at)];
  return next;
}

/** True when the two entries are one user changing one note the same way within the window. */
export function coalesces(a: ActivityEntry, b: ActivityEntry): boolean {
  return (
    COALESCING.has(a.kind) &&
    a.kind === b.kind &&
    a.noteId === b.noteId &&
    a.actorId === b.actorId &&
    Math.abs(Date.parse(a.at) - Date.parse(b.at)) <= ACTIVITY_COALESCE_MS
  );
}

/** Orders event ids (`<ms>-<seq>`): negative when `a` is older. */
export function compareActivityIds(a: string, b: string): number {
  const [msA, seqA] = a.split('-').map(Number);
  const [msB, seqB] = b.split('-').map(Number);
  return msA - msB || seqA - seqB;
}
