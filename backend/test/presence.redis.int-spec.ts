import { loadConfig } from '../src/config/app-config';
import { RedisPresenceStore } from '../src/presence/presence.redis.store';
import { CONTRACT_GRACE_MS, presenceStoreContract } from '../src/presence/presence.store.contract';
import { RedisService } from '../src/redis/redis.service';
import { type RedisServer, startRedis } from './support/redis-server';

describe('PresenceStore contract: Redis adapter, two pods', () => {
  let server: RedisServer;
  let redis: RedisService;
  const stores: RedisPresenceStore[] = [];

  beforeAll(async () => {
    server = await startRedis();
    redis = new RedisService(loadConfig({ NODE_ENV: 'test', REDIS_URL: server.url }));
    await redis.onModuleInit();
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.stop()));
    await redis.client.flushall();
  });

  afterAll(async () => {
    await redis?.onApplicationShutdown();
    await server?.stop();
  });

  presenceStoreContract(async () => {
    const config = loadConfig({ NODE_ENV: 'test', REDIS_URL: server.url, PRESENCE_GRACE_MS: String(CONTRACT_GRACE_MS) });
    const pods = [new RedisPresenceStore(redis, config), new RedisPresenceStore(redis, config)];
    for (const pod of pods) {
      await pod.start();
    }
    stores.push(...pods);
    return pods;
  });
});
