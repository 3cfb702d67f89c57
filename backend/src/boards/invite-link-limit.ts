import type { RateLimitRule } from '../rate-limit/rate-limit.rule';

/**
 * Opening and accepting invite links, per user: tokens are 256 random bits, so guessing is hopeless
 * anyway; this keeps anyone from even trying at scale.
 */
export const INVITE_LINK_LIMIT: RateLimitRule = {
  bucket: 'invite-links',
  limit: (config) => config.inviteLinkRateLimit,
  windowMs: 600_000,
};
