// Event ids within a channel, `<ms>-<seq>` as Redis Streams writes them (runtime code, pure).
// The same comparison as backend/src/events/stream-id.ts compareIds, for the app: it drops
// an event it already delivered when a stream and a poll overlap.

/**
 * Orders two canonical ids (see isCanonicalId in cursor.ts): negative, zero or positive.
 * Ids carry no leading zeros, so a shorter number is a smaller one.
 */
export function compareEventIds(a: string, b: string): number {
  const dashA = a.indexOf('-');
  const dashB = b.indexOf('-');
  if (dashA !== dashB) {
    return dashA < dashB ? -1 : 1;
  }
  const ms = compareDigits(a.slice(0, dashA), b.slice(0, dashB));
  return ms !== 0 ? ms : compareDigits(a.slice(dashA + 1), b.slice(dashB + 1));
}

function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) {
    return a.length < b.length ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
