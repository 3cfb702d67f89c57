export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 30_000;
/** Share of the delay that jitter may take off. */
export const BACKOFF_JITTER = 0.3;

/**
 * Delay before reconnect attempt `attempt` (0-based): 1 s doubling to a 30 s cap. Jitter only
 * shortens the wait, so the cap holds, and clients cut off together do not return together.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (1 - BACKOFF_JITTER * random()));
}

/** The first reconnect after a stream broke off without a word: from 0.5 s … */
export const FIRST_RECONNECT_MIN_MS = 500;
/** … to 2 s. */
export const FIRST_RECONNECT_MAX_MS = 2_000;

/**
 * The first reconnect after a stream broke off without a word (its pod died, the network dropped).
 * Every client of a dead pod notices in the same moment: spread over 1.5 s rather than
 * backoffDelay(0)'s 0.3 s, 5,000 of them reach the next pod at about 3,300 a second instead of
 * 17,000, and that pod turns fewer away (docs/performance.md, "Reconnect storms").
 */
export function firstReconnectDelay(random: () => number = Math.random): number {
  return Math.round(FIRST_RECONNECT_MIN_MS + (FIRST_RECONNECT_MAX_MS - FIRST_RECONNECT_MIN_MS) * random());
}

/** Retry-After is either seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
