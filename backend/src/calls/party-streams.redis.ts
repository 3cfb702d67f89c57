import type Redis from 'ioredis';
import { PRESENCE_PODS_KEY } from '../presence/presence.redis.store';
import { PartyStreams } from './party-streams';

const streamsOf = (userId: string): string => `calls:{user:${userId}}:streams`;

/**
 * Redis adapter. Each stream is recorded as "podId|connectionId" under its user, with the pod's
 * presence lease (presence:pods, renewed by the presence store): a stream counts while its pod's
 * lease is current, so a pod killed without a word loses its streams when its lease runs out, with
 * no liveness scheme of our own.
 */
export class RedisPartyStreams extends PartyStreams {
  constructor(
    private readonly redis: Redis,
    private readonly podId: string,
  ) {
    super();
  }

  async opened(userId: string, connectionId: string): Promise<void> {
    await this.redis.sadd(streamsOf(userId), `${this.podId}|${connectionId}`);
  }

  async closed(userId: string, connectionId: string): Promise<void> {
    await this.redis.srem(streamsOf(userId), `${this.podId}|${connectionId}`);
  }

  async connected(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) {
      return new Set();
    }
    const now = Date.now();
    const leases = await this.redis.zrange(PRESENCE_PODS_KEY, 0, -1, 'WITHSCORES');
    const expiry = new Map<string, number>();
    for (let i = 0; i < leases.length; i += 2) {
      expiry.set(leases[i], Number(leases[i + 1]));
    }
    const connected = new Set<string>();
    for (const userId of userIds) {
      const entries = await this.redis.smembers(streamsOf(userId));
      const gone: string[] = [];
      for (const entry of entries) {
        const podId = entry.slice(0, entry.indexOf('|'));
        const leaseUntil = expiry.get(podId);
        if (leaseUntil === undefined) {
          // The pod's lease was reaped: it is gone for good, and so are its streams.
          gone.push(entry);
        } else if (leaseUntil > now) {
          connected.add(userId);
        }
      }
      if (gone.length > 0) {
        await this.redis.srem(streamsOf(userId), ...gone);
      }
    }
    return connected;
  }
}
