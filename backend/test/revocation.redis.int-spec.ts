import { RedisRevocationStore } from '../src/auth/revocation.redis.store';
import { revocationStoreContract } from '../src/auth/revocation.store.contract';
import { loadConfig } from '../src/config/app-config';
import { RedisService } from '../src/redis/redis.service';
import { RedisServer, startRedis } from './support/redis-server';

describe('RevocationStore contract: Redis adapter', () => {
  let server: RedisServer;
  let redis: RedisService;

  beforeAll(async () => {
    server = await startRedis();
    redis = new RedisService(loadConfig({ NODE_ENV: 'test', REDIS_URL: server.url }));
    await redis.onModuleInit();
  });

  afterAll(async () => {
    await redis?.onApplicationShutdown();
    await server?.stop();
  });

  revocationStoreContract(() => new RedisRevocationStore(redis));
});
