import type { RedisClient } from '../redis/redis-client';
import { isInteger, tuple } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import { type RateDecision, RateLimiter } from './rate-limiter';

/** KEYS: counter. ARGV: window ms. Returns {count, ms left}. */
const HIT = defineScript({
  name: 'rate-limit.hit',
  keys: 1,
  reply: tuple(isInteger, isInteger),
  lua: `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}`,
});

export class RedisRateLimiter extends RateLimiter {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const [count, ttl] = await HIT.run(this.redis, [`ratelimit:{${key}}`], [windowMs]);
    return count <= limit ? { allowed: true, retryAfterMs: 0 } : { allowed: false, retryAfterMs: Math.max(ttl, 1) };
  }
}
