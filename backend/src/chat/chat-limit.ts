import type { RateLimitRule } from '../rate-limit/rate-limit.rule';

export const CHAT_LIMIT: RateLimitRule = { bucket: 'chat', limit: (config) => config.chatRateLimit, windowMs: 10_000 };
