import type { RateLimitRule } from '../rate-limit/rate-limit.rule';

// Each change fans out to every board the user is on; people change status a few times a day.
export const PRESENCE_STATUS_LIMIT: RateLimitRule = { bucket: 'presence-status', limit: () => 10, windowMs: 60_000 };

// Clients send their view at most 10/s; room for a few tabs and a burst before the coalescing catches up.
export const VIEWPORT_LIMIT: RateLimitRule = { bucket: 'viewport', limit: () => 300, windowMs: 10_000 };

// "Bring everyone to me" moves every member's view: a facilitator does it a few times a meeting.
export const SUMMON_LIMIT: RateLimitRule = { bucket: 'viewport-summon', limit: () => 20, windowMs: 60_000 };
