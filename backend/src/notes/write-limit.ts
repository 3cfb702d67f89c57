import type { RateLimitRule } from '../rate-limit/rate-limit.rule';

/** One budget for every board and note write of a user. */
export const WRITE_LIMIT: RateLimitRule = { bucket: 'writes', limit: (config) => config.writeRateLimit, windowMs: 10_000 };
