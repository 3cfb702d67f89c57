import type { EventEnvelope } from '../../contracts/events';
import type { BoardPresence } from '../../contracts/presence';
import { ApiUser } from './support/api';
import { type PodProcess, startPodProcess } from './support/pod-process';
import { REDIS_BACKENDS, type RedisBackend, startRedisBackend } from './support/redis-backend';
import { SseClient } from './support/sse-client';

describe.each(REDIS_BACKENDS)('presence when a pod dies without warning, on %s', (backend) => {
  let redis: RedisBackend;
  const pods: PodProcess[] = [];
  const streams: SseClient[] = [];

  afterAll(async () => {
    for (const client of streams) {
      client.close();
    }
    for (const pod of pods) {
      pod.child.kill('SIGKILL');
    }
    await Promise.all(pods.map((pod) => pod.exited));
    await redis?.stop();
  });

  it('gives every other member exactly one presence.left per user who was only on that pod, within 15 s', async () => {
    redis = await startRedisBackend(backend);
    // Default lease and grace period: the 15 s promise is about the shipped settings.
    for (let i = 0; i < 3; i++) {
      pods.push(await startPodProcess(redis.env));
    }
    const [pod1, pod2, pod3] = pods;
    const owner = await ApiUser.register(pod1.url, 'watch');
    const onlyOnDoomed = await ApiUser.register(pod1.url, 'doomed');
    const alsoElsewhere = await ApiUser.register(pod1.url, 'spread');
    const board = await owner.createBoard('Crash');
    for (const user of [onlyOnDoomed, alsoElsewhere]) {
      await owner.addMember(board.id, user);
    }

    const open = async (pod: PodProcess, user: ApiUser): Promise<SseClient> => {
      const client = await SseClient.open(pod.url, { token: user.token, channels: [`board:${board.id}`] });
      streams.push(client);
      await client.waitForType('stream.ready');
      return client;
    };
    const watcher = await open(pod1, owner);
    await open(pod3, onlyOnDoomed);
    await open(pod3, alsoElsewhere);
    await open(pod2, alsoElsewhere);
    await watcher.waitForType('presence.joined', 3);

    const killedAt = Date.now();
    pod3.child.kill('SIGKILL');
    await pod3.exited;
    await watcher.waitForType('presence.left', 1, 15_000);
    const tookMs = Date.now() - killedAt;
    expect(tookMs).toBeLessThan(15_000);

    // Anything else the sweep would announce comes in the same pass; give it a moment to show up.
    await owner.api.post('/api/events/ping').send({ clientTime: 1 }).expect(204);
    await watcher.waitForType('pong');
    const presentNow = (await owner.on(pod2.url).api.get(`/api/boards/${board.id}/presence`).expect(200)).body as BoardPresence;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const left = watcher.ofType('presence.left').map((event) => (event.envelope as EventEnvelope<'presence.left'>).data.userId);
    expect(left).toEqual([onlyOnDoomed.id]);
    expect(presentNow.users.map((user) => user.userId).sort()).toEqual([owner.id, alsoElsewhere.id].sort());
    expect(watcher.isEnded).toBe(false);
  }, 60_000);
});
