import type { AppConfig } from '../config/app-config';

export const RATE_LIMIT = 'corkboard:rate-limit';

export interface RateLimitRule {
  /** Name of the budget; routes sharing it share the count. */
  bucket: string;
  limit: (config: AppConfig) => number;
  windowMs: number;
}
