import type { RateLimitRule } from './rate-limit.rule';

/**
 * One budget for every write of a user to boards, notes and jobs: a shared bucket, so spreading
 * writes over several features buys no more of them. Lives here so no feature imports another for it.
 */
export const WRITE_LIMIT: RateLimitRule = { bucket: 'writes', limit: (config) => config.writeRateLimit, windowMs: 10_000 };
