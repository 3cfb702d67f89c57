import type { RedisClient } from '../redis/redis-client';
import { oneOf } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import { RevocationStore, type TokenRef } from './revocation.store';

// A user's keys share the hash tag {<userId>}: checking a token is one MGET on one slot.
const tokenKey = (userId: string, tokenId: string): string => `revoked:{${userId}}:token:${tokenId}`;
const sessionKey = (userId: string, sessionId: string): string => `revoked:{${userId}}:session:${sessionId}`;
const cutoffKey = (userId: string): string => `revoked:{${userId}}:before`;

/** KEYS: cutoff. ARGV: started-at-or-before (ms), ttl (s). Only ever moves the cutoff forward. */
const RAISE_CUTOFF = defineScript({
  name: 'revocation.raise-cutoff',
  keys: 1,
  reply: oneOf(1),
  lua: `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return 1`,
});

export class RedisRevocationStore extends RevocationStore {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  async revokeToken(userId: string, tokenId: string, until: number): Promise<boolean> {
    if (isPast(until)) {
      return true;
    }
    return (await this.redis.set(tokenKey(userId, tokenId), '1', 'EX', ttl(until), 'NX')) === 'OK';
  }

  async revokeSession(userId: string, sessionId: string, until: number): Promise<void> {
    if (isPast(until)) {
      return;
    }
    await this.redis.set(sessionKey(userId, sessionId), '1', 'EX', ttl(until));
  }

  async revokeSessionsBefore(userId: string, startedAtOrBefore: number, until: number): Promise<void> {
    if (isPast(until)) {
      return;
    }
    await RAISE_CUTOFF.run(this.redis, [cutoffKey(userId)], [startedAtOrBefore, ttl(until)]);
  }

  async isRevoked(token: TokenRef): Promise<boolean> {
    const [revokedToken, revokedSession, cutoff] = await this.redis.mget(
      tokenKey(token.userId, token.tokenId),
      sessionKey(token.userId, token.sessionId),
      cutoffKey(token.userId),
    );
    return revokedToken !== null || revokedSession !== null || (cutoff !== null && token.sessionStartedAt <= Number(cutoff));
  }
}

/** Nothing presented after `until` is accepted anyway: no entry needed. */
function isPast(until: number): boolean {
  return until * 1000 <= Date.now();
}

/** Seconds left until `until`, at least one: Redis refuses EX 0. */
function ttl(until: number): number {
  return Math.max(1, Math.ceil(until - Date.now() / 1000));
}
