import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import Redis, { type Cluster } from 'ioredis';
import { type ClusterNodeRef, type RedisCluster, startRedisCluster } from './support/redis-cluster';

// The harness the cluster specs stand on: if it cannot form a cluster, route keys and shard
// channels to every master, reshard and fail over, their results would mean nothing.
describe('a local Redis Cluster started by the test harness', () => {
  let cluster: RedisCluster;
  let client: Cluster;
  const directs: Redis[] = [];

  /** A plain connection to one node, closed after the test. */
  const direct = (port: number): Redis => {
    const connection = new Redis({ host: '127.0.0.1', port });
    directs.push(connection);
    return connection;
  };

  /** For each master, the first name `${prefix}:<n>` whose slot it owns. */
  const nameOnEachMaster = async (prefix: string): Promise<Map<ClusterNodeRef['port'], string>> => {
    const masters = await cluster.masters();
    const names = new Map<number, string>();
    for (let n = 0; names.size < masters.length; n++) {
      const name = `${prefix}:${n}`;
      const owner = await cluster.masterForKey(name);
      if (!names.has(owner.port)) {
        names.set(owner.port, name);
      }
    }
    return names;
  };

  beforeAll(async () => {
    const startedAt = Date.now();
    cluster = await startRedisCluster({ nodeTimeoutMs: 1000 });
    console.info(`Redis Cluster of ${cluster.ports.length} nodes formed in ${Date.now() - startedAt} ms`);
    client = new Redis.Cluster([...cluster.seeds]);
  });

  afterEach(() => directs.splice(0).forEach((connection) => connection.disconnect()));

  afterAll(async () => {
    client?.disconnect();
    await cluster?.stop();
  });

  it('forms three masters, each with a replica, and stores keys on every master', async () => {
    expect(await cluster.masters()).toHaveLength(3);
    expect(cluster.nodes.split(',')).toHaveLength(6);
    const keys = await nameOnEachMaster('key');
    for (const [port, key] of keys) {
      await client.set(key, `value of ${key}`);
      expect(await client.get(key)).toBe(`value of ${key}`);
      expect(await direct(port).get(key)).toBe(`value of ${key}`);
    }
  });

  it('delivers SPUBLISH through the cluster client to an SSUBSCRIBE on the shard that owns the channel', async () => {
    const channels = await nameOnEachMaster('channel');
    for (const [port, channel] of channels) {
      const subscriber = direct(port);
      const received = new Promise<string>((resolve) =>
        subscriber.on('smessage', (from: string, message: string) => from === channel && resolve(message)),
      );
      await subscriber.ssubscribe(channel);
      expect(await client.spublish(channel, `hello from :${port}`)).toBe(1);
      expect(await received).toBe(`hello from :${port}`);
    }
  });

  it('moves a slot with its keys to another master while writes go on, and the client follows', async () => {
    const key = '{moving}note';
    const slot = await cluster.keySlot(key);
    const from = await cluster.masterForSlot(slot);
    const to = (await cluster.masters()).find((master) => master.port !== from.port)!;
    const batch = ['{moving}note', '{moving}a', '{moving}b', '{moving}c'];
    await Promise.all(batch.map((name) => client.set(name, `kept ${name}`)));

    const writtenMeanwhile: string[] = [];
    await cluster.moveSlot(slot, to.port, {
      batch: 1,
      duringMigration: async () => {
        const name = `{moving}meanwhile:${writtenMeanwhile.length}`;
        await client.set(name, `kept ${name}`);
        writtenMeanwhile.push(name);
      },
    });

    expect((await cluster.masterForSlot(slot)).port).toBe(to.port);
    expect(writtenMeanwhile.length).toBeGreaterThan(batch.length);
    for (const name of [...batch, ...writtenMeanwhile]) {
      expect(await client.get(name)).toBe(`kept ${name}`);
      expect(await direct(to.port).get(name)).toBe(`kept ${name}`);
    }
    expect(await direct(from.port).call('CLUSTER', 'COUNTKEYSINSLOT', slot)).toBe(0);
  });

  it('promotes a replica when a master is killed, with what was replicated before, and takes the old master back as a replica', async () => {
    const key = '{failover}note';
    const victim = await cluster.masterForKey(key);
    await client.set(key, 'replicated before the kill');
    const victimConnection = new Redis({ host: '127.0.0.1', port: victim.port });
    expect(await victimConnection.call('WAIT', 1, 5000)).toBe(1);
    victimConnection.disconnect();

    const killedAt = Date.now();
    await cluster.killMaster(victim.port);
    const promoted = await cluster.waitForPromotion(victim.port);
    console.info(`a replica took over ${Date.now() - killedAt} ms after its master was killed (cluster-node-timeout 1000 ms)`);

    expect(promoted).not.toBe(victim.port);
    expect((await cluster.masterForKey(key)).port).toBe(promoted);
    expect(await direct(promoted).get(key)).toBe('replicated before the kill');
    expect(await client.get(key)).toBe('replicated before the kill');

    await cluster.restartNode(victim.port);
    expect(((await direct(victim.port).call('ROLE')) as unknown[])[0]).toBe('slave');
    expect((await cluster.masterForKey(key)).port).toBe(promoted);
  });

  it('reports CPU time per node and empties every master on flushAll', async () => {
    for (const port of cluster.ports) {
      expect(await cluster.cpuSeconds(port)).toBeGreaterThan(0);
    }
    await client.set('{flushed}note', 'gone soon');
    await cluster.flushAll();
    expect(await client.get('{flushed}note')).toBeNull();
    for (const master of await cluster.masters()) {
      expect(await direct(master.port).dbsize()).toBe(0);
    }
  });
});
