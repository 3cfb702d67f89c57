import type { RateLimitRule } from '../rate-limit/rate-limit.rule';

/** One budget for every board and note write of a user. */
export const WRITE_LIMIT: RateLimitRule = { bucket: 'writes', limit: (config) => config.writeRateLimit, windowMs: 10_000 };

/** Invitations notify someone else: a tighter, hourly budget, so nobody can spam strangers with boards. */
export const INVITE_LIMIT: RateLimitRule = { bucket: 'invites', limit: (config) => config.inviteRateLimit, windowMs: 3_600_000 };
