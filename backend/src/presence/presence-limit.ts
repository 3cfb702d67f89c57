import type { RateLimitRule } from '../rate-limit/rate-limit.rule';

// Each change fans out to every board the user is on; people change status a few times a day.
export const PRESENCE_STATUS_LIMIT: RateLimitRule = { bucket: 'presence-status', limit: () => 10, windowMs: 60_000 };
