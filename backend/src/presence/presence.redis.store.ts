import { Logger } from '@nestjs/common';
import type { RedisClient } from '../redis/redis-client';
import { randomUUID } from 'node:crypto';
import type { PresenceStatus, PresentUser } from '../../../contracts/presence';
import { type AppConfig } from '../config/app-config';
import { type RedisService } from '../redis/redis.service';
import { FINALIZE, JOIN, LEAVE, SET_STATUS } from './presence.redis.scripts';
import { type PresenceLeave, type PresenceMember, PresenceStore } from './presence.store';

// Per board (one hash tag, so the scripts stay on one cluster slot):
const counts = (boardId: string): string => `presence:{board:${boardId}}:counts`;
const users = (boardId: string): string => `presence:{board:${boardId}}:users`;
const leaving = (boardId: string): string => `presence:{board:${boardId}}:leaving`;
// Across the deployment: two global singletons, each on its own slot and never in a script or MULTI
// with another key. Neither is hot. The pods' leases get one ZADD per pod per PRESENCE_LEASE_MS / 3
// and one read per sweep, and hold one entry per pod. The pending leaves get one ZADD per last
// stream of a user on a board that closes (not per event) and one bounded ZRANGEBYSCORE per sweep.
/** Pod id → lease expiry (ms); read by the calls module to tell a dead pod's streams from live ones. */
export const PRESENCE_PODS_KEY = 'presence:pods';
const PODS = PRESENCE_PODS_KEY;
const DUE = 'presence:due'; // "boardId|userId" → leave-at (ms)
// Per pod and per user, each on its own slot:
const podStreams = (podId: string): string => `presence:pod:{${podId}}:streams`;
const statusKey = (userId: string): string => `presence:{user:${userId}}:status`;
const userBoards = (userId: string): string => `presence:{user:${userId}}:boards`;

interface LocalStream {
  boardId: string;
  member: PresenceMember;
}

/**
 * Redis adapter. Every pod holds a lease it renews; each stream it counts is
 * recorded under the pod, so when a pod dies without a word its streams are
 * taken off by whichever pod notices the lease expired first.
 */
export class RedisPresenceStore extends PresenceStore {
  private readonly logger = new Logger('Presence');
  private readonly redis: RedisClient;
  readonly podId = randomUUID();
  private readonly graceMs: number;
  private readonly leaseMs: number;
  private readonly local = new Map<string, LocalStream>();
  private renewTimer?: NodeJS.Timeout;

  constructor(redis: RedisService, config: AppConfig) {
    super();
    this.redis = redis.client;
    this.graceMs = config.presenceGraceMs;
    this.leaseMs = config.presenceLeaseMs;
  }

  async start(): Promise<void> {
    await this.renew();
    this.renewTimer = setInterval(() => void this.renew().catch(() => undefined), Math.max(100, Math.floor(this.leaseMs / 3)));
    this.renewTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.renewTimer);
    // Streams were closed (and left) during the drain; give up the lease so nobody waits for it.
    // Two commands, not a MULTI: the lease and the pod's streams sit on different slots.
    await Promise.all([this.redis.zrem(PODS, this.podId), this.redis.del(podStreams(this.podId))]).catch(() => undefined);
  }

  async join(boardId: string, member: PresenceMember, connectionId: string): Promise<PresentUser | undefined> {
    this.local.set(`${boardId}|${connectionId}`, { boardId, member });
    await this.redis.sadd(podStreams(this.podId), streamEntry(boardId, member.userId, connectionId));
    return this.count(boardId, member);
  }

  async leave(boardId: string, userId: string, connectionId: string, graceMs = this.graceMs): Promise<void> {
    this.local.delete(`${boardId}|${connectionId}`);
    await this.redis.srem(podStreams(this.podId), streamEntry(boardId, userId, connectionId));
    await this.uncount(boardId, userId, graceMs);
  }

  /** Streams of the board still open elsewhere leave later; with nobody present, that announces nothing. */
  async purgeBoard(boardId: string): Promise<void> {
    const [present, pending] = await Promise.all([this.redis.hkeys(users(boardId)), this.redis.zrange(leaving(boardId), 0, -1)]);
    await this.redis.del(counts(boardId), users(boardId), leaving(boardId));
    await Promise.all([
      ...present.map((userId) => this.redis.srem(userBoards(userId), boardId)),
      ...pending.map((userId) => this.redis.zrem(DUE, `${boardId}|${userId}`)),
    ]);
  }

  async sweep(): Promise<PresenceLeave[]> {
    await this.reapDeadPods();
    const now = Date.now();
    const due = await this.redis.zrangebyscore(DUE, '-inf', now, 'LIMIT', 0, 500);
    const left: PresenceLeave[] = [];
    for (const entry of due) {
      // Whoever removes the entry handles it: one pod per leave.
      if ((await this.redis.zrem(DUE, entry)) !== 1) {
        continue;
      }
      const [boardId, userId] = entry.split('|');
      const result = await FINALIZE.run(this.redis, [counts(boardId), users(boardId), leaving(boardId)], [userId, now]);
      if (result === 1) {
        left.push({ boardId, userId });
        await this.redis.srem(userBoards(userId), boardId);
      } else if (typeof result === 'string') {
        await this.redis.zadd(DUE, result, entry);
      }
    }
    return left;
  }

  async list(boardId: string): Promise<PresentUser[]> {
    return Object.values(await this.redis.hgetall(users(boardId))).map((raw) => normalize(JSON.parse(raw) as PresentUser));
  }

  async setStatus(userId: string, status: PresenceStatus): Promise<string[]> {
    await this.redis.set(statusKey(userId), status);
    const boards = await this.redis.smembers(userBoards(userId));
    const changed: string[] = [];
    for (const boardId of boards) {
      if ((await SET_STATUS.run(this.redis, [users(boardId)], [userId, status])) === 1) {
        changed.push(boardId);
      }
    }
    return changed;
  }

  private async count(boardId: string, member: PresenceMember): Promise<PresentUser | undefined> {
    const status = ((await this.redis.get(statusKey(member.userId))) as PresenceStatus | null) ?? 'online';
    const candidate: PresentUser = { ...member, since: new Date().toISOString(), status };
    const joined = await JOIN.run(
      this.redis,
      [counts(boardId), users(boardId), leaving(boardId)],
      [member.userId, JSON.stringify(candidate)],
    );
    if (joined === null) {
      return undefined;
    }
    await this.redis.sadd(userBoards(member.userId), boardId);
    return normalize(JSON.parse(joined) as PresentUser);
  }

  private async uncount(boardId: string, userId: string, graceMs = this.graceMs): Promise<void> {
    const at = Date.now() + graceMs;
    if ((await LEAVE.run(this.redis, [counts(boardId), leaving(boardId)], [userId, at])) === 1) {
      await this.redis.zadd(DUE, at, `${boardId}|${userId}`);
    }
  }

  private async renew(): Promise<void> {
    const added = await this.redis.zadd(PODS, Date.now() + this.leaseMs, this.podId);
    if (added === 1 && this.local.size > 0) {
      // Another pod took us for dead (we lost Redis for longer than the lease) and took our
      // streams off: count them again, since they are still open.
      this.logger.warn(`Lease was lost; re-registering ${this.local.size} stream(s)`);
      for (const [key, stream] of this.local) {
        const connectionId = key.slice(stream.boardId.length + 1);
        await this.redis.sadd(podStreams(this.podId), streamEntry(stream.boardId, stream.member.userId, connectionId));
        await this.count(stream.boardId, stream.member);
      }
    }
  }

  private async reapDeadPods(): Promise<void> {
    const dead = await this.redis.zrangebyscore(PODS, '-inf', Date.now());
    for (const podId of dead) {
      if (podId === this.podId || (await this.redis.zrem(PODS, podId)) !== 1) {
        continue;
      }
      const streams = await this.redis.smembers(podStreams(podId));
      this.logger.log(`Pod ${podId} missed its lease: taking off its ${streams.length} stream(s)`);
      for (const entry of streams) {
        const [boardId, userId] = entry.split('|');
        await this.uncount(boardId, userId);
      }
      await this.redis.del(podStreams(podId));
    }
  }
}

function streamEntry(boardId: string, userId: string, connectionId: string): string {
  return `${boardId}|${userId}|${connectionId}`;
}

/** cjson may reorder keys; this restores the one shape. */
function normalize(user: PresentUser): PresentUser {
  return { userId: user.userId, username: user.username, displayName: user.displayName, since: user.since, status: user.status };
}
