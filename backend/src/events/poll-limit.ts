import type { RateLimitRule } from '../rate-limit/rate-limit.rule';

// A poller on a busy board is answered within ~50 ms of each event and asks again at once: about 20 a
// second per device. The cap stops a `wait=0` loop from costing an authorisation pass per request
// without end; the concurrent caps (SSE_MAX_CONNECTIONS_PER_USER) do not, as such polls are never held.
export const POLL_LIMIT: RateLimitRule = { bucket: 'polls', limit: (config) => config.pollRateLimit, windowMs: 10_000 };
