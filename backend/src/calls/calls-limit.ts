import type { RateLimitRule } from '../rate-limit/rate-limit.rule';

// Every signalling request of a user shares one budget: a call setup is an offer, an answer and a
// few ICE batches (one every 100–200 ms while gathering), so the default leaves room for several.
export const CALL_SIGNAL_LIMIT: RateLimitRule = { bucket: 'calls', limit: (config) => config.callRateLimit, windowMs: 10_000 };

// Each offer rings someone's every tab: a budget of its own, far smaller (one rule per route).
export const CALL_OFFER_LIMIT: RateLimitRule = { bucket: 'call-offers', limit: () => 20, windowMs: 60_000 };
