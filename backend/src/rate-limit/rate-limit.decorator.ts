import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { RateLimitGuard } from './rate-limit.guard';
import { RATE_LIMIT, type RateLimitRule } from './rate-limit.rule';

/**
 * Counts calls per user (per IP when anonymous) and answers 429 with Retry-After
 * past the limit. A route guard, so it runs after the global auth guard.
 */
export const RateLimit = (rule: RateLimitRule): MethodDecorator =>
  applyDecorators(SetMetadata(RATE_LIMIT, rule), UseGuards(RateLimitGuard));
