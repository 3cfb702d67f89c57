import type { RedisClient } from '../redis/redis-client';
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
  /** This pod's own streams by user, to record them again after another pod took the pod for dead. */
  private readonly local = new Map<string, Set<string>>();

  constructor(
    private readonly redis: RedisClient,
    private readonly podId: string,
  ) {
    super();
  }

  async opened(userId: string, connectionId: string): Promise<void> {
    const mine = this.local.get(userId) ?? new Set<string>();
    mine.add(connectionId);
    this.local.set(userId, mine);
    await this.redis.sadd(streamsOf(userId), `${this.podId}|${connectionId}`);
  }

  async closed(userId: string, connectionId: string): Promise<void> {
    const mine = this.local.get(userId);
    mine?.delete(connectionId);
    if (mine?.size === 0) {
      this.local.delete(userId);
    }
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
      const mine = this.local.get(userId);
      if (mine) {
        // Lost from Redis when this pod missed its lease for a while (another pod cleared them):
        // a party in a call on a pod that is alive again must count again.
        await this.redis.sadd(streamsOf(userId), ...[...mine].map((connectionId) => `${this.podId}|${connectionId}`));
      }
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
