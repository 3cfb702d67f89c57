import { rateLimiterContract } from './rate-limiter.contract';
import { MemoryRateLimiter } from './rate-limiter.memory';

describe('RateLimiter contract: memory adapter', () => {
  rateLimiterContract(() => new MemoryRateLimiter());
});
