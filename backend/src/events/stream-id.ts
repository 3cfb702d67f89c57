// Event ids have the Redis Streams shape `<ms>-<seq>` in both adapters, so one
// comparison serves both and a cursor means the same thing everywhere.

export const ZERO_ID = '0-0';

/** Runs once per event per stream, so it compares digits in place instead of slicing and parsing. */
export function compareIds(a: string, b: string): number {
  const dashA = a.indexOf('-');
  const dashB = b.indexOf('-');
  // Ids carry no leading zeros: a shorter number is a smaller one.
  if (dashA !== dashB) {
    return dashA < dashB ? -1 : 1;
  }
  const ms = compareDigits(a, b, 0, dashA);
  if (ms !== 0) {
    return ms;
  }
  if (a.length !== b.length) {
    return a.length < b.length ? -1 : 1;
  }
  return compareDigits(a, b, dashA + 1, a.length);
}

/** Compares two digit runs of equal length at the same place in both strings. */
function compareDigits(a: string, b: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const diff = a.charCodeAt(i) - b.charCodeAt(i);
    if (diff !== 0) {
      return diff < 0 ? -1 : 1;
    }
  }
  return 0;
}

export function isAfter(id: string, reference: string): boolean {
  return compareIds(id, reference) > 0;
}

/** The next id after `last` at time `now`, as Redis' XADD * would make it. */
export function nextId(last: string, now: number): string {
  const dash = last.indexOf('-');
  const lastMs = Number(last.slice(0, dash));
  if (now > lastMs) {
    return `${now}-0`;
  }
  return `${lastMs}-${Number(last.slice(dash + 1)) + 1}`;
}
