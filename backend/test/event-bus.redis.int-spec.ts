import { loadConfig } from '../src/config/app-config';
import { eventBusContract } from '../src/events/event-bus.contract';
import { RedisEventBus } from '../src/events/event-bus.redis';
import { RedisService } from '../src/redis/redis.service';
import { RedisServer, startRedis } from './support/redis-server';

describe('EventBus contract: Redis adapter', () => {
  let server: RedisServer;
  let redis: RedisService;
  let bus: RedisEventBus;

  beforeAll(async () => {
    server = await startRedis();
    const config = loadConfig({ NODE_ENV: 'test', REDIS_URL: server.url, HISTORY_SIZE: '20' });
    redis = new RedisService(config);
    await redis.onModuleInit();
    bus = new RedisEventBus(redis, config);
    await bus.connect();
  });

  afterAll(async () => {
    await redis?.onApplicationShutdown();
    await server?.stop();
  });

  eventBusContract(() => ({ bus, historySize: 20 }));
});
