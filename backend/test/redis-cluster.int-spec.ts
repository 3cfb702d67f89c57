import Redis from 'ioredis';
import type { BoardSnapshot, Note } from '../../contracts/boards';
import { boardChannel } from '../../contracts/channels';
import type { EventEnvelope } from '../../contracts/events';
import { channelKeys } from '../src/events/redis-keys';
import { compareIds } from '../src/events/stream-id';
import { MetricsService } from '../src/metrics/metrics.service';
import { keySlot } from '../src/redis/key-slot';
import { ApiUser } from './support/api';
import { BoardClient } from './support/board-client';
import { type RedisCluster, startRedisCluster } from './support/redis-cluster';
import { SseClient } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';

const POD_ENV = { WRITE_RATE_LIMIT: '100000', SSE_MAX_CONNECTIONS_PER_USER: '100' };

interface ClusterPods {
  readonly cluster: RedisCluster;
  readonly a: TestApp;
  readonly b: TestApp;
}

/** Two app pods on a real 3-master, 3-replica Redis Cluster, for the enclosing describe block. */
function useClusterPods(): () => ClusterPods {
  let started: ClusterPods | undefined;
  beforeAll(async () => {
    const cluster = await startRedisCluster({ nodeTimeoutMs: 1000 });
    const env = { ...POD_ENV, REDIS_CLUSTER_NODES: cluster.nodes };
    const [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
    started = { cluster, a, b };
  });
  afterAll(async () => {
    await Promise.all([started?.a.close(), started?.b.close()]);
    await started?.cluster.stop();
  });
  return () => {
    if (!started) {
      throw new Error('The cluster only runs while its describe block does');
    }
    return started;
  };
}

async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const streamKeyOf = (boardId: string): string => channelKeys(boardChannel(boardId)).stream;
const noteText = (event: { envelope: unknown }): string => (event.envelope as EventEnvelope<'note.created'>).data.note.text;

/**
 * Posts notes one after another, alternating pods, as a busy board's users would, and keeps the
 * answers: 201 (acknowledged), 503 with Retry-After (refused while a shard changes hands), or
 * anything else, which is a failure of the test.
 */
class NoteWriter {
  readonly acknowledged: string[] = [];
  refused = 0;
  readonly unexpected: string[] = [];
  private running = true;
  private readonly done: Promise<void>;

  constructor(
    private readonly writers: readonly ApiUser[],
    private readonly boardId: string,
  ) {
    this.done = this.loop();
  }

  async until(count: number): Promise<void> {
    await eventually(() => this.acknowledged.length >= count || this.unexpected.length > 0, `${count} acknowledged notes`, 30_000);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  private async loop(): Promise<void> {
    for (let i = 0; this.running; i++) {
      const writer = this.writers[i % this.writers.length];
      const response = await writer.api
        .post(`/api/boards/${this.boardId}/notes`)
        .send({ text: `w${i}`, x: 1, y: 1, color: 'yellow' })
        .ok(() => true);
      if (response.status === 201) {
        this.acknowledged.push((response.body as Note).id);
      } else if (response.status === 503 && response.headers['retry-after'] !== undefined) {
        this.refused++;
        // A client waits before retrying; a short pause keeps this one from spinning.
        await new Promise((resolve) => setTimeout(resolve, 50));
      } else {
        this.unexpected.push(`${response.status} ${JSON.stringify(response.body)}`);
      }
    }
  }
}

describe('two pods on a Redis Cluster', () => {
  const pods = useClusterPods();

  it('delivers notes written on pod B to a stream on pod A in order, on boards spread over all three masters', async () => {
    const { cluster, a, b } = pods();
    const alice = await ApiUser.register(a.url, 'spread');
    const boards: string[] = [];
    const masters = new Set<number>();
    while (masters.size < 3 && boards.length < 40) {
      const board = await alice.createBoard('Spread');
      boards.push(board.id);
      masters.add((await cluster.masterForKey(streamKeyOf(board.id))).port);
    }
    expect(masters.size).toBe(3);

    const stream = await SseClient.open(a.url, { token: alice.token, channels: boards.map((id) => boardChannel(id)) });
    try {
      await stream.waitForType('stream.ready');
      const writer = alice.on(b.url);
      for (let i = 0; i < 10; i++) {
        await Promise.all(boards.map((id) => writer.createNote(id, `${i}`)));
      }
      await stream.waitForType('note.created', boards.length * 10);
      for (const id of boards) {
        const texts = stream.ofType('note.created').filter((event) => event.envelope.channel === boardChannel(id));
        expect(texts.map(noteText)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
      }
    } finally {
      stream.close();
    }
  });

  it('resumes a stream that missed 100 events with exactly those 100, once each and in order', async () => {
    const { a, b } = pods();
    const alice = await ApiUser.register(a.url, 'resume');
    const board = await alice.createBoard('Resume');
    const channel = boardChannel(board.id);
    const first = await SseClient.open(a.url, { token: alice.token, channels: [channel] });
    await first.waitForType('stream.ready');
    const cursor = first.lastId!;
    first.close();

    const writer = alice.on(b.url);
    for (let i = 0; i < 100; i += 4) {
      await Promise.all([0, 1, 2, 3].map((k) => writer.createNote(board.id, `${i + k}`)));
    }
    const resumed = await SseClient.open(a.url, { token: alice.token, channels: [channel], lastEventId: cursor, lastEventIdHeader: true });
    try {
      await resumed.waitForType('note.created', 100);
      // Anything sent twice would arrive before this pong, which comes after the replay.
      await alice.api.post('/api/events/ping').send({ clientTime: 1 }).expect(204);
      await resumed.waitForType('pong');
      const created = resumed.ofType('note.created');
      expect(created).toHaveLength(100);
      expect(new Set(created.map((event) => event.envelope.id)).size).toBe(100);
      const server = (await alice.api.get(`/api/boards/${board.id}`).expect(200)).body as BoardSnapshot;
      expect(created.map((event) => (event.envelope as EventEnvelope<'note.created'>).data.note.id).sort()).toEqual(
        server.notes.map((note) => note.id).sort(),
      );
      expect(resumed.ofType('reset')).toHaveLength(0);
    } finally {
      resumed.close();
    }
  });

  it('moves a busy channel to another master while notes flow, with no loss, no duplicate and no reset', async () => {
    const { cluster, a, b } = pods();
    const owner = await ApiUser.register(a.url, 'reshard');
    const board = await owner.createBoard('Resharding');
    const channel = boardChannel(board.id);
    const slot = keySlot(streamKeyOf(board.id));
    const from = await cluster.masterForSlot(slot);
    const to = (await cluster.masters()).find((master) => master.port !== from.port)!;

    const clients = [a, b, a, b].map(() => new BoardClient(owner, channel, board.id));
    await Promise.all(clients.map((client, i) => client.connect([a.url, b.url][i % 2])));
    const writer = new NoteWriter([owner, owner.on(b.url)], board.id);
    try {
      await writer.until(20);
      const admins = [from, to].map((node) => new Redis(node.port, '127.0.0.1'));
      try {
        // Scripts Redis ran or turned away (ASK, TRYAGAIN) on both masters: traffic that met this state.
        const scriptCalls = async (): Promise<number> => {
          const stats = await Promise.all(admins.map((admin) => admin.info('commandstats')));
          return stats
            .flatMap((text) => [...text.matchAll(/cmdstat_eval(?:sha)?:calls=(\d+).*?rejected_calls=(\d+),failed_calls=(\d+)/g)])
            .reduce((sum, match) => sum + Number(match[1]) + Number(match[2]) + Number(match[3]), 0);
        };
        await cluster.moveSlot(slot, to.port, {
          batch: 1,
          // Hold every half-moved state until writes have met it: ASK redirections and TRYAGAIN.
          duringMigration: async () => {
            const before = await scriptCalls();
            await eventually(async () => (await scriptCalls()) >= before + 3, 'writes during the migration');
          },
        });
      } finally {
        admins.forEach((admin) => admin.disconnect());
      }
      expect((await cluster.masterForSlot(slot)).port).toBe(to.port);
      await writer.until(writer.acknowledged.length + 20);
    } finally {
      await writer.stop();
    }
    expect(writer.unexpected).toEqual([]);

    const acknowledged = new Set(writer.acknowledged);
    for (const client of clients) {
      await eventually(() => [...acknowledged].every((id) => client.notes.has(id)), 'every acknowledged note on every client').catch(
        (error: Error) => {
          const missing = writer.acknowledged.flatMap((id, at) => (client.notes.has(id) ? [] : [at]));
          throw new Error(
            `${error.message}: writes #${missing.join(', #')} of ${writer.acknowledged.length} missing, ${client.resets} resets`,
          );
        },
      );
    }
    for (const client of clients) {
      const ids = client.segments.flatMap((segment) => segment.ids);
      expect(client.resets).toBe(0);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort(compareIds)).toEqual(ids);
      expect(client.up).toBe(true);
    }
    console.log(
      `resharding: slot ${slot} moved from :${from.port} to :${to.port}; ${writer.acknowledged.length} acknowledged writes, ` +
        `${writer.refused} refused with 503, ${clients.reduce((n, c) => n + c.segments.reduce((m, s) => m + s.ids.length, 0), 0)} events delivered ` +
        `to ${clients.length} clients, 0 lost, 0 duplicated, ${clients.reduce((n, c) => n + c.resets, 0)} resets`,
    );
    clients.forEach((client) => client.drop());
  }, 90_000);
});

describe('a Redis Cluster shard failing over under a busy board', () => {
  const pods = useClusterPods();

  it('answers 503 meanwhile, keeps streams open, and leaves every client with the server board: every event or a reset', async () => {
    const { cluster, a, b } = pods();
    const owner = await ApiUser.register(a.url, 'failover');
    const board = await owner.createBoard('Failover');
    const channel = boardChannel(board.id);
    const doomed = await cluster.masterForKey(streamKeyOf(board.id));

    const clients = Array.from({ length: 6 }, () => new BoardClient(owner, channel, board.id));
    await Promise.all(clients.map((client, i) => client.connect([a.url, b.url][i % 2])));
    const writer = new NoteWriter([owner, owner.on(b.url)], board.id);
    let promoted: number;
    try {
      await writer.until(30);
      await cluster.killMaster(doomed.port);
      const killedAt = Date.now();
      promoted = await cluster.waitForPromotion(doomed.port);
      console.log(`failover: master :${doomed.port} killed, :${promoted} promoted after ${Date.now() - killedAt} ms`);
      await writer.until(writer.acknowledged.length + 30);
    } finally {
      await writer.stop();
    }
    expect(writer.unexpected).toEqual([]);

    const serverNotes = async (): Promise<Map<string, Note>> => {
      const snapshot = (await owner.api.get(`/api/boards/${board.id}`).expect(200)).body as BoardSnapshot;
      return new Map(snapshot.notes.map((note) => [note.id, note]));
    };
    const agrees = (client: BoardClient, server: Map<string, Note>): boolean =>
      client.notes.size === server.size && [...server.keys()].every((id) => client.notes.has(id));
    let server = await serverNotes();
    await eventually(async () => {
      server = await serverNotes();
      await Promise.all(clients.map((client) => client.settled()));
      return clients.every((client) => agrees(client, server));
    }, 'every client to agree with the server board').catch(() => undefined);

    const lostWithoutReset = clients.filter((client) => client.resets === 0 && !agrees(client, server)).length;
    const disagreeing = clients.filter((client) => !agrees(client, server)).length;
    const acknowledgedMissing = writer.acknowledged.filter((id) => !server.has(id)).length;
    const delivered = clients.reduce((n, client) => n + client.segments.reduce((m, segment) => m + segment.ids.length, 0), 0);
    const resets = clients.reduce((n, client) => n + client.resets, 0);
    console.log(
      `failover: ${writer.acknowledged.length} acknowledged writes (${acknowledgedMissing} of them not on the promoted replica), ` +
        `${writer.refused} refused with 503 + Retry-After, ${delivered} events delivered to ${clients.length} clients, ` +
        `${lostWithoutReset} lost without reset, ${resets} resets`,
    );
    expect(lostWithoutReset).toBe(0);
    expect(disagreeing).toBe(0);
    // Operators see it too: the pods counted the channel they caught up with a reset.
    const catchUps = await Promise.all(
      [a, b].map(async (pod) => (await pod.app.get(MetricsService).registry.getSingleMetric('event_bus_catch_ups_total')!.get()).values),
    );
    expect(catchUps.flat().some((value) => value.labels.outcome === 'reset' && value.value >= 1)).toBe(true);
    for (const client of clients) {
      expect(client.up).toBe(true);
    }
    // The pods recovered by themselves: a new stream and a new note work on both.
    for (const pod of [a, b]) {
      const fresh = await SseClient.open(pod.url, { token: owner.token, channels: [channel] });
      await fresh.waitForType('stream.ready');
      const note = await owner.on(pod.url).createNote(board.id, 'after the failover');
      await fresh.waitFor(
        (events) => events.some((event) => event.type === 'note.created' && noteText(event) === note.text),
        'the new note',
      );
      fresh.close();
    }
    clients.forEach((client) => client.drop());
  }, 90_000);
});
