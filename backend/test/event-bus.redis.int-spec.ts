import { boardChannel } from '../../contracts/channels';
import { loadConfig } from '../src/config/app-config';
import { eventBusContract } from '../src/events/event-bus.contract';
import { RedisEventBus } from '../src/events/event-bus.redis';
import { RedisService } from '../src/redis/redis.service';
import { type RedisServer, startRedis } from './support/redis-server';

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

describe('Redis event bus when Redis loses its data', () => {
  let server: RedisServer;
  let redis: RedisService;
  let bus: RedisEventBus;

  beforeAll(async () => {
    server = await startRedis();
    const config = loadConfig({ NODE_ENV: 'test', REDIS_URL: server.url });
    redis = new RedisService(config);
    await redis.onModuleInit();
    bus = new RedisEventBus(redis, config);
    await bus.connect();
  });

  afterAll(async () => {
    await redis?.onApplicationShutdown();
    await server?.stop();
  });

  it('resets a resuming client after FLUSHALL instead of replaying a silent gap', async () => {
    const channel = boardChannel('flushed-1');
    await bus.publish(channel, 'pong', { clientTime: 1, serverTime: 'x' }, null);
    const seen = await bus.publish(channel, 'pong', { clientTime: 2, serverTime: 'x' }, null);
    await redis.client.flushall();
    await bus.publish(channel, 'pong', { clientTime: 3, serverTime: 'x' }, null);
    const stream = await bus.open([channel], new Map([[channel, { epoch: seen.epoch, id: seen.id }]]));
    try {
      expect(stream.resetChannels).toEqual([channel]);
      expect(stream.replay).toEqual([]);
      expect(stream.positions.get(channel)?.epoch).not.toBe(seen.epoch);
    } finally {
      stream.close();
    }
  });

  it('tells a live stream to reset when its channel starts over under it', async () => {
    const channel = boardChannel('flushed-2');
    await bus.publish(channel, 'pong', { clientTime: 1, serverTime: 'x' }, null);
    const resets: string[][] = [];
    const received: string[] = [];
    const stream = await bus.open([channel], undefined);
    stream.start({ event: (event) => received.push(event.id), reset: (channels) => resets.push(channels) });
    try {
      await redis.client.flushall();
      const after = await bus.publish(channel, 'pong', { clientTime: 2, serverTime: 'x' }, null);
      const deadline = Date.now() + 5000;
      while (received.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(resets).toEqual([[channel]]);
      expect(received).toEqual([after.id]);
    } finally {
      stream.close();
    }
  });
});
