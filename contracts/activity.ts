// The board's activity feed is built from the board's events, by this one function on both
// sides: the server stores what it returns, the app adds it live from the same events.
// Runtime code, pure.
import type { ActivityEntry } from './boards';
import type { AnyEventEnvelope } from './events';

export const ACTIVITY_PAGE_DEFAULT = 50;
export const ACTIVITY_PAGE_MAX = 100;
/** Entries a board's feed keeps; older ones drop off. */
export const MAX_ACTIVITY_PER_BOARD = 2000;
/** Moves, edits or recolours of one note by one user within this window are one entry (the newest). */
export const ACTIVITY_COALESCE_MS = 60_000;

/**
 * The feed entry for a board event, or undefined for events the feed does not show.
 * `noteText` resolves a note id to its text when the event does not carry it (deletions).
 */
export declare function activityFromEvent(envelope: AnyEventEnvelope, noteText?: (noteId: string) => string | undefined): ActivityEntry | undefined;

/** Adds an entry to a newest-first feed, replacing the entry it coalesces with (see ACTIVITY_COALESCE_MS). */
export declare function addActivity(feed: readonly ActivityEntry[], entry: ActivityEntry): ActivityEntry[];
