import type { RedisClient } from '../redis/redis-client';
import { type RedisService } from '../redis/redis.service';
import { type Claim, claimOf, decodeEntry, encodeEntry, IdempotencyStore, type StoredAnswer } from './idempotency.store';

/** One key per user and idempotency key; the user's id is the hash tag, so a user's keys share a slot. */
function redisKey(scope: string, key: string): string {
  return `idem:{${scope}}:${key}`;
}

export class RedisIdempotencyStore extends IdempotencyStore {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  async claim(scope: string, key: string, fingerprint: string, ttlMs: number): Promise<Claim> {
    const id = redisKey(scope, key);
    // SET NX: of two pods racing with the same key, exactly one handles the request.
    const taken = await this.redis.set(id, encodeEntry({ fingerprint }), 'PX', ttlMs, 'NX');
    if (taken === 'OK') {
      return { kind: 'new' };
    }
    const stored = await this.redis.get(id);
    const entry = stored === null ? undefined : decodeEntry(stored);
    // Expired between the two calls (or unreadable): the request was not handled under this key.
    if (!entry) {
      await this.redis.del(id);
      return this.claim(scope, key, fingerprint, ttlMs);
    }
    return claimOf(entry, fingerprint);
  }

  async finish(scope: string, key: string, fingerprint: string, answer: StoredAnswer, ttlMs: number): Promise<void> {
    await this.redis.set(redisKey(scope, key), encodeEntry({ fingerprint, answer }), 'PX', ttlMs);
  }

  async release(scope: string, key: string): Promise<void> {
    const id = redisKey(scope, key);
    const stored = await this.redis.get(id);
    if (stored !== null && decodeEntry(stored)?.answer === undefined) {
      await this.redis.del(id);
    }
  }
}
