import Redis from 'ioredis';
import { boardChannel } from '../../contracts/channels';
import { loadConfig } from '../src/config/app-config';
import { RedisEventBus } from '../src/events/event-bus.redis';
import { channelKeys } from '../src/events/redis-keys';
import { RedisService } from '../src/redis/redis.service';
import { type RedisServer, startRedis } from './support/redis-server';

// Replication is asynchronous: a promoted replica may lack events clients already got. The epoch
// records which master wrote a channel, so a promotion starts a new epoch (clients reset) while a
// slot that merely moved (resharding copies keys whole) keeps it (clients resume).
describe('event bus epochs across a failover and a slot move', () => {
  const servers: RedisServer[] = [];
  const services: RedisService[] = [];
  const admins: Redis[] = [];

  afterAll(async () => {
    await Promise.all(services.map((service) => service.onApplicationShutdown()));
    admins.forEach((admin) => admin.disconnect());
    await Promise.all(servers.map((server) => server.stop()));
  });

  async function server(): Promise<{ url: string; admin: Redis }> {
    const started = await startRedis();
    servers.push(started);
    const admin = new Redis(started.url);
    admins.push(admin);
    return { url: started.url, admin };
  }

  async function busOn(url: string): Promise<RedisEventBus> {
    const config = loadConfig({ NODE_ENV: 'test', REDIS_URL: url });
    const service = new RedisService(config);
    services.push(service);
    await service.onModuleInit();
    const bus = new RedisEventBus(service, config);
    await bus.connect();
    return bus;
  }

  async function until(check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) {
        throw new Error('condition not met within 10 s');
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('starts a new epoch on a promoted replica, so clients reset instead of missing events', async () => {
    const master = await server();
    const replica = await server();
    const [, masterPort] = /:(\d+)$/.exec(master.url)!;
    await replica.admin.replicaof('127.0.0.1', masterPort);
    await until(async () => (await replica.admin.info('replication')).includes('master_link_status:up'));

    const channel = boardChannel('failover-epoch');
    const onMaster = await busOn(master.url);
    const seen = await onMaster.publish(channel, 'pong', { clientTime: 1, serverTime: 'x' }, null);
    expect(await master.admin.wait(1, 5000)).toBe(1);

    await replica.admin.replicaof('NO', 'ONE');
    const onPromoted = await busOn(replica.url);
    const [head] = (await onPromoted.head([channel])).values();
    expect(head.epoch).not.toBe(seen.epoch);
    expect(await onPromoted.history(channel, { epoch: seen.epoch, id: seen.id })).toEqual({ ok: false, reason: 'epoch' });
    // Once bumped, the promoted master keeps its new epoch: one reset, not one per request.
    const [again] = (await onPromoted.head([channel])).values();
    expect(again.epoch).toBe(head.epoch);
  });

  it('keeps the epoch when the channel moves to another master with its keys, so clients resume', async () => {
    const source = await server();
    const target = await server();
    const channel = boardChannel('moved-epoch');
    const onSource = await busOn(source.url);
    const first = await onSource.publish(channel, 'pong', { clientTime: 1, serverTime: 'x' }, null);
    const second = await onSource.publish(channel, 'pong', { clientTime: 2, serverTime: 'x' }, null);

    const keys = channelKeys(channel);
    for (const key of [keys.stream, keys.epoch]) {
      const dumped = await source.admin.dumpBuffer(key);
      await target.admin.restore(key, 0, dumped);
    }
    const onTarget = await busOn(target.url);
    const [head] = (await onTarget.head([channel])).values();
    expect(head).toEqual({ epoch: first.epoch, id: second.id });
    const resumed = await onTarget.history(channel, { epoch: first.epoch, id: first.id });
    expect(resumed.ok && resumed.events.map((event) => event.id)).toEqual([second.id]);
  });

  it('keeps the epoch of a channel written before epochs recorded their writer', async () => {
    const only = await server();
    const channel = boardChannel('legacy-epoch');
    await only.admin.set(channelKeys(channel).epoch, 'legacy0epoch');
    const bus = await busOn(only.url);
    const [head] = (await bus.head([channel])).values();
    expect(head.epoch).toBe('legacy0epoch');
    const published = await bus.publish(channel, 'pong', { clientTime: 1, serverTime: 'x' }, null);
    expect(published.epoch).toBe('legacy0epoch');
  });
});
