// The SSE resume cursor, shared by the backend and the app (runtime code, pure).
// A stream carries several channels but a browser remembers only one last id, so
// the id is the position of every channel at once: `<channel>@<epoch>:<id>`,
// comma-separated, e.g. `board:b1@k3x9:1763790000000-0,user:u1@p2m4:1763790000001-3`.
// The epoch changes when a channel's history is lost, so a stale cursor is detected.

export interface ChannelPosition {
  epoch: string;
  /** `<ms>-<seq>` of the last event seen; `0-0` before the first. */
  id: string;
}

export type Cursor = Map<string, ChannelPosition>;

const SEGMENT = /^([a-z]+:[A-Za-z0-9_-]{1,64})@([A-Za-z0-9]{1,32}):([^,]*)$/;
/** Stream ids as Redis writes them: no sign, no leading zeros. */
const CANONICAL_ID = /^(0|[1-9]\d{0,19})-(0|[1-9]\d{0,19})$/;
/** Both halves of a Redis stream id are unsigned 64-bit numbers. */
const MAX_PART = '18446744073709551615';

/**
 * True for an event id in the one form the server writes (`<ms>-<seq>`). Ids are compared
 * as digit strings (shorter is smaller), so a padded or oversized form would compare
 * wrongly and could make every later event look already seen.
 */
export function isCanonicalId(id: string): boolean {
  const match = CANONICAL_ID.exec(id);
  return match !== null && withinU64(match[1]) && withinU64(match[2]);
}

function withinU64(digits: string): boolean {
  return digits.length < MAX_PART.length || digits <= MAX_PART;
}

export function formatCursorSegment(channel: string, position: ChannelPosition): string {
  return `${channel}@${position.epoch}:${position.id}`;
}

export function formatCursor(cursor: Cursor): string {
  return [...cursor].map(([channel, position]) => formatCursorSegment(channel, position)).join(',');
}

/** Undefined unless every segment is canonical and names its channel once (the server answers that with a reset). */
export function parseCursor(text: string | undefined | null): Cursor | undefined {
  if (!text) {
    return undefined;
  }
  const cursor: Cursor = new Map();
  for (const segment of text.split(',')) {
    const match = SEGMENT.exec(segment.trim());
    if (!match || !isCanonicalId(match[3]) || cursor.has(match[1])) {
      return undefined;
    }
    cursor.set(match[1], { epoch: match[2], id: match[3] });
  }
  return cursor;
}

/** Later cursors win per channel: used to merge a board snapshot's cursor into the stream's. */
export function mergeCursors(...cursors: Array<string | undefined | null>): string {
  const merged: Cursor = new Map();
  for (const text of cursors) {
    for (const [channel, position] of parseCursor(text) ?? []) {
      merged.set(channel, position);
    }
  }
  return formatCursor(merged);
}
