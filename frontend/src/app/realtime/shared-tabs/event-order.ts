import type { ChannelPosition } from '@contracts/cursor';
import { compareEventIds } from '@contracts/event-id';

// One comparison of event ids for the whole app (the same rule as the server's).
export { compareEventIds };

/**
 * One channel's position in a stream cursor, without parsing the whole cursor: this runs
 * for every event in every tab.
 */
export function positionIn(cursor: string, channel: string): ChannelPosition | undefined {
  const key = `${channel}@`;
  const at = cursor.startsWith(key) ? 0 : cursor.indexOf(`,${key}`) + 1;
  if (at === 0 && !cursor.startsWith(key)) {
    return undefined;
  }
  const start = at + key.length;
  const end = cursor.indexOf(',', start);
  const segment = cursor.slice(start, end < 0 ? undefined : end);
  const colon = segment.indexOf(':');
  return colon < 0 ? undefined : { epoch: segment.slice(0, colon), id: segment.slice(colon + 1) };
}

/** True when `later` is a position the stream reaches after (or at) `earlier` in the same history. */
export function samePositionOrLater(later: ChannelPosition, earlier: ChannelPosition): boolean {
  return later.epoch === earlier.epoch && compareEventIds(later.id, earlier.id) >= 0;
}
