import { randomUUID } from 'node:crypto';
import { RedisPartyStreams } from '../src/calls/party-streams.redis';
import { PRESENCE_PODS_KEY } from '../src/presence/presence.redis.store';
import { useRealRedisService } from './support/redis-service';

describe('call parties’ streams under the presence pod leases (Redis)', () => {
  const redis = useRealRedisService();

  const lease = (podId: string, untilMs: number) => redis().client.zadd(PRESENCE_PODS_KEY, untilMs, podId);

  it('counts a stream while its pod’s lease is current, on any pod', async () => {
    const [podA, podB] = [randomUUID(), randomUUID()];
    await Promise.all([lease(podA, Date.now() + 60_000), lease(podB, Date.now() + 60_000)]);
    const onA = new RedisPartyStreams(redis().client, podA);
    const onB = new RedisPartyStreams(redis().client, podB);
    const [ann, ben] = [randomUUID(), randomUUID()];
    await onA.opened(ann, 'c1');
    expect(await onB.connected([ann, ben])).toEqual(new Set([ann]));
    await onA.closed(ann, 'c1');
    expect(await onB.connected([ann])).toEqual(new Set());
  });

  it('stops counting the streams of a pod whose lease ran out, and forgets them once the lease is reaped', async () => {
    const [dead, alive] = [randomUUID(), randomUUID()];
    await Promise.all([lease(dead, Date.now() + 60_000), lease(alive, Date.now() + 60_000)]);
    const onDead = new RedisPartyStreams(redis().client, dead);
    const onAlive = new RedisPartyStreams(redis().client, alive);
    const ann = randomUUID();
    await onDead.opened(ann, 'c1');
    await lease(dead, Date.now() - 1);
    expect(await onAlive.connected([ann])).toEqual(new Set());
    await redis().client.zrem(PRESENCE_PODS_KEY, dead);
    await onAlive.connected([ann]);
    expect(await redis().client.smembers(`calls:{user:${ann}}:streams`)).toEqual([]);
  });

  it('records its streams again when the pod is back after missing its lease', async () => {
    const pod = randomUUID();
    const streams = new RedisPartyStreams(redis().client, pod);
    const ann = randomUUID();
    await streams.opened(ann, 'c1');
    // Another pod took this one for dead and cleared its entries; then the lease was renewed.
    await redis().client.del(`calls:{user:${ann}}:streams`);
    await lease(pod, Date.now() + 60_000);
    expect(await streams.connected([ann])).toEqual(new Set([ann]));
  });
});
