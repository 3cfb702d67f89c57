import type { RateLimitRule } from '../rate-limit/rate-limit.rule';

/** Invitations notify someone else: a tighter, hourly budget, so nobody can spam strangers with boards. */
export const INVITE_LIMIT: RateLimitRule = { bucket: 'invites', limit: (config) => config.inviteRateLimit, windowMs: 3_600_000 };
