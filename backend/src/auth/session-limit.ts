import type { RateLimitRule } from '../rate-limit/rate-limit.rule';

/**
 * Logout, log out everywhere and refresh each write to the revocation store and send a notice
 * to every pod. A browser refreshes about once an hour per session; this leaves ample room.
 */
export const SESSION_LIMIT: RateLimitRule = { bucket: 'sessions', limit: () => 30, windowMs: 60_000 };
