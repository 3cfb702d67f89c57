import { expect } from '@jest/globals';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { RedisCallsRepository } from '../src/calls/calls.redis.repository';
import type { CallRecord } from '../src/calls/calls.repository';
import { RedisConversationsRepository } from '../src/chat/conversations.redis.repository';
import { loadConfig } from '../src/config/app-config';
import { BullJobQueue } from '../src/jobs/job-queue.bullmq';
import { RecordingHandlers } from '../src/jobs/job-queue.contract';
import { KEY_LAYOUT_KEY, renameKeysForCluster } from '../src/redis/cluster-key-renames';
import { RedisService } from '../src/redis/redis.service';
import { RedisUsersRepository } from '../src/users/users.redis.repository';
import { type RedisServer, startRedis } from './support/redis-server';

describe('renaming an existing deployment’s keys for Redis Cluster', () => {
  let server: RedisServer;
  let redis: RedisService;
  const config = () => loadConfig({ NODE_ENV: 'test', REDIS_URL: server.url, JOB_STALLED_MS: '1000' });

  beforeAll(async () => {
    server = await startRedis();
    redis = new RedisService(config());
    await redis.onModuleInit();
  });

  afterAll(async () => {
    await redis?.onApplicationShutdown();
    await server?.stop();
  });

  it('keeps users, conversations, calls and queued jobs written under the old names, once', async () => {
    const client = redis.client;
    // Written as the adapters did before the cluster work.
    const [ann, ben] = [randomUUID(), randomUUID()];
    await client.hset(`{users}:${ann}`, {
      id: ann,
      username: 'ann',
      displayName: 'Ann',
      passwordHash: 'x',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    await client.hset('{users}:by-username', 'ann', ann);
    const conversation = { id: randomUUID(), participantIds: [ann, ben].sort(), createdAt: '2026-01-01T00:00:00.000Z' };
    await client.set(`{conversations}:${conversation.id}`, JSON.stringify(conversation));
    await client.hset('{conversations}:by-participants', conversation.participantIds.join(','), conversation.id);
    const call = (state: CallRecord['state']): CallRecord => ({
      id: randomUUID(),
      callerId: ann,
      calleeId: ben,
      media: 'audio',
      state,
      createdAt: '2026-01-01T00:00:00.000Z',
      ...(state === 'ended' ? { endedAt: '2026-01-01T00:01:00.000Z', endReason: 'hangup' } : {}),
    });
    const [active, ended] = [call('active'), call('ended')];
    await client.set(`calls:{calls}:call:${active.id}`, JSON.stringify(active));
    await client.set(`calls:{calls}:call:${ended.id}`, JSON.stringify(ended), 'PX', 60_000);
    await client.set(`calls:{calls}:current:${ann}`, active.id);
    await client.zadd(`calls:{calls}:history:${ben}`, Date.parse(ended.endedAt!), ended.id);
    const jobId = randomUUID();
    const oldQueue = new Queue('corkboard-jobs', { connection: redis.createConnection('old-queue', { maxRetriesPerRequest: null }) });
    await oldQueue.add('run', { jobId }, { jobId });
    await oldQueue.close();

    // Two pods of the new version boot at once on that Redis: they rename the old keys, once.
    await client.del(KEY_LAYOUT_KEY);
    const pods = [new RedisService(config()), new RedisService(config())];
    await Promise.all(pods.map((pod) => pod.onModuleInit()));
    await Promise.all(pods.map((pod) => pod.onApplicationShutdown()));
    expect(await client.keys('bull:*')).toEqual([]);
    expect(await renameKeysForCluster(client)).toEqual({ renamed: 0, skipped: [] });

    expect(await new RedisUsersRepository(redis).findByUsername('ann')).toMatchObject({ id: ann, displayName: 'Ann' });
    expect(await new RedisConversationsRepository(redis).find(conversation.id)).toEqual(conversation);
    const calls = new RedisCallsRepository(redis, config());
    expect((await calls.current(ann))?.id).toBe(active.id);
    expect((await calls.history(ben, undefined, 10)).map((kept) => kept.id)).toEqual([ended.id]);
    expect(await client.pttl(`calls:{call:${ended.id}}`)).toBeGreaterThan(0);

    const handlers = new RecordingHandlers();
    const queue = new BullJobQueue(redis, config());
    await queue.start(handlers);
    try {
      await handlers.finished(jobId);
      expect(handlers.runs).toEqual([jobId]);
    } finally {
      await queue.stop();
    }
  });
});
