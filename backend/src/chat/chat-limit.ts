import type { RateLimitRule } from '../rate-limit/rate-limit.rule';

export const CHAT_LIMIT: RateLimitRule = { bucket: 'chat', limit: (config) => config.chatRateLimit, windowMs: 10_000 };

// The app sends typing at most every 2 s per room: this leaves room for several rooms at once.
export const TYPING_LIMIT: RateLimitRule = { bucket: 'typing', limit: () => 20, windowMs: 10_000 };

// Read markers follow the messages a user sees, which the chat limit of the senders bounds.
export const READ_MARKER_LIMIT: RateLimitRule = { bucket: 'read-markers', limit: () => 30, windowMs: 10_000 };

// Starting a conversation is rare, and each call checks up to 19 usernames: a low hourly budget
// makes the endpoint useless for finding out which usernames exist.
export const CONVERSATION_LIMIT: RateLimitRule = { bucket: 'conversations', limit: () => 30, windowMs: 3_600_000 };
