// Event ids have the Redis Streams shape `<ms>-<seq>` in both adapters, so one
// comparison serves both and a cursor means the same thing everywhere.

export const ZERO_ID = '0-0';

export function compareIds(a: string, b: string): number {
  const dashA = a.indexOf('-');
  const dashB = b.indexOf('-');
  const msA = Number(a.slice(0, dashA));
  const msB = Number(b.slice(0, dashB));
  if (msA !== msB) return msA < msB ? -1 : 1;
  const seqA = Number(a.slice(dashA + 1));
  const seqB = Number(b.slice(dashB + 1));
  return seqA === seqB ? 0 : seqA < seqB ? -1 : 1;
}

export function isAfter(id: string, reference: string): boolean {
  return compareIds(id, reference) > 0;
}

/** The next id after `last` at time `now`, as Redis' XADD * would make it. */
export function nextId(last: string, now: number): string {
  const dash = last.indexOf('-');
  const lastMs = Number(last.slice(0, dash));
  if (now > lastMs) return `${now}-0`;
  return `${lastMs}-${Number(last.slice(dash + 1)) + 1}`;
}
