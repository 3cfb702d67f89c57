import { expect } from '@jest/globals';
import Redis from 'ioredis';
import { EventSource } from 'eventsource';
import { boardChannel } from '../../contracts/channels';
import type { EventEnvelope } from '../../contracts/events';
import { ConnectionsService } from '../src/events/connections.service';
import { EventBus } from '../src/events/event-bus';
import { MetricsService } from '../src/metrics/metrics.service';
import { ApiUser } from './support/api';
import { SseClient } from './support/sse-client';
import { useTwoPods } from './support/two-pods';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, type TestApp } from './support/test-app';

const noteTexts = (client: SseClient, type = 'note.created'): string[] =>
  client.ofType(type).map((event) => (event.envelope as EventEnvelope<'note.created'>).data.note.text);

async function eventually<T>(attempt: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt().catch(() => undefined);
    if (result !== undefined) {
      return result;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out: ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('two pods on one Redis', () => {
  const pods = useTwoPods({ env: { WRITE_RATE_LIMIT: '100000' }, redis: { persistent: true } });
  let alice: ApiUser;
  let bob: ApiUser;

  const open = async (pod: TestApp, user: ApiUser, channels: string[]): Promise<SseClient> => {
    const client = await SseClient.open(pod.url, { token: user.token, channels });
    pods.streams.push(client);
    await client.waitForType('stream.ready');
    return client;
  };

  beforeAll(async () => {
    alice = await ApiUser.register(pods.a.url, 'alice');
    bob = (await ApiUser.register(pods.a.url, 'bob')).on(pods.b.url);
  });

  it('delivers notes created through pod B to a stream on pod A, in order', async () => {
    const board = await alice.createBoard();
    await alice.addMember(board.id, bob);
    const watcher = await open(pods.a, alice, [`board:${board.id}`]);
    const texts = Array.from({ length: 50 }, (_, i) => `from B #${i}`);
    for (const text of texts) {
      await bob.createNote(board.id, text);
    }
    await watcher.waitForType('note.created', 50);
    expect(noteTexts(watcher)).toEqual(texts);
  });

  it('gives streams on both pods the same total order when both pods write at once', async () => {
    const board = await alice.createBoard();
    await alice.addMember(board.id, bob);
    const onA = await open(pods.a, alice, [`board:${board.id}`]);
    const onB = await open(pods.b, bob, [`board:${board.id}`]);
    await Promise.all([
      (async () => {
        for (let i = 0; i < 30; i++) {
          await alice.createNote(board.id, `A${i}`);
        }
      })(),
      (async () => {
        for (let i = 0; i < 30; i++) {
          await bob.createNote(board.id, `B${i}`);
        }
      })(),
    ]);
    await Promise.all([onA.waitForType('note.created', 60), onB.waitForType('note.created', 60)]);
    expect(noteTexts(onA)).toEqual(noteTexts(onB));
    expect(noteTexts(onA).filter((text) => text.startsWith('A'))).toEqual(Array.from({ length: 30 }, (_, i) => `A${i}`));
  });

  it('backfills what a pod missed while its Redis subscription was down', async () => {
    const board = await alice.createBoard();
    await alice.addMember(board.id, bob);
    const watcher = await open(pods.a, alice, [`board:${board.id}`]);
    const admin = new Redis(pods.redis.url);
    try {
      // Cut every Pub/Sub connection; pod B keeps publishing meanwhile.
      await admin.client('KILL', 'TYPE', 'pubsub');
      const texts = Array.from({ length: 30 }, (_, i) => `during the cut #${i}`);
      for (const text of texts) {
        await bob.createNote(board.id, text);
      }
      await watcher.waitForType('note.created', 30);
      expect(noteTexts(watcher)).toEqual(texts);
      expect(watcher.ofType('stream.ready')).toHaveLength(1);
      expect(watcher.isEnded).toBe(false);
    } finally {
      admin.disconnect();
    }
  });

  it('answers 503 while Redis is down, keeps the stream open, and delivers again once Redis is back', async () => {
    const board = await alice.createBoard();
    const watcher = await open(pods.a, alice, [`board:${board.id}`]);
    await alice.createNote(board.id, 'before');
    await watcher.waitForType('note.created');

    await pods.redis.stop();
    const down = await eventually(async () => {
      const response = await alice.api.post(`/api/boards/${board.id}/notes`).send({ text: 'lost?', x: 1, y: 1, color: 'yellow' });
      return response.status === 503 ? response : undefined;
    }, 'a 503 while Redis is down');
    expect(Number(down.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(down.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.any(String), code: 'unavailable' });
    expect(watcher.isEnded).toBe(false);

    await pods.redis.start();
    await eventually(async () => {
      const response = await alice.api.post(`/api/boards/${board.id}/notes`).send({ text: 'after 0', x: 1, y: 1, color: 'yellow' });
      return response.status === 201 ? response : undefined;
    }, 'writes to work again');
    for (let i = 1; i < 20; i++) {
      await alice.createNote(board.id, `after ${i}`);
    }
    await watcher.waitForType('note.created', 21);
    expect(noteTexts(watcher)).toEqual(['before', ...Array.from({ length: 20 }, (_, i) => `after ${i}`)]);
    expect(watcher.ofType('stream.ready')).toHaveLength(1);
    expect(watcher.isEnded).toBe(false);
  });

  it('lets a plain EventSource resume without loss when the connection is dropped', async () => {
    const board = await alice.createBoard();
    const proxy = await TcpProxy.start(Number(new URL(pods.a.url).port));
    const received: string[] = [];
    let readies = 0;
    const source = new EventSource(`${proxy.url}/api/events?channel=board:${board.id}`, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, Authorization: `Bearer ${alice.token}` } }),
    });
    try {
      source.addEventListener('stream.ready', () => readies++);
      source.addEventListener('note.created', (event: { data: string }) =>
        received.push((JSON.parse(event.data) as EventEnvelope<'note.created'>).data.note.text),
      );
      await eventually(async () => (readies === 1 ? true : undefined), 'the first stream.ready');
      await alice.createNote(board.id, 'first');
      await eventually(async () => (received.length === 1 ? true : undefined), 'the first note');

      proxy.dropAll();
      const texts = Array.from({ length: 20 }, (_, i) => `while away #${i}`);
      for (const text of texts) {
        await alice.createNote(board.id, text);
      }
      await eventually(async () => (received.length >= 21 ? true : undefined), 'the missed notes after the reconnect');
      expect(readies).toBe(2);
      expect(received).toEqual(['first', ...texts]);
    } finally {
      source.close();
      await proxy.stop();
    }
  });
});

describe('a client that stops reading', () => {
  let pod: TestApp;

  beforeAll(async () => {
    pod = await startTestApp({ WRITE_RATE_LIMIT: '100000' });
  });

  afterAll(async () => {
    await pod?.close();
  });

  it('is disconnected, counted, and costs the server bounded memory', async () => {
    const alice = await ApiUser.register(pod.url, 'slow');
    const board = await alice.createBoard();
    const slow = await SseClient.open(pod.url, { token: alice.token, channels: [`board:${board.id}`] });
    await slow.waitForType('stream.ready');
    const healthy = await SseClient.open(pod.url, { token: alice.token, channels: [`board:${board.id}`] });
    await healthy.waitForType('stream.ready');
    slow.pause();

    const bus = pod.app.get(EventBus);
    const connections = pod.app.get(ConnectionsService);
    const metrics = pod.app.get(MetricsService);
    const heapBefore = process.memoryUsage().heapUsed;
    const note = await alice.createNote(board.id, 'x');
    const big = { ...note, text: 'x'.repeat(5000) };
    let published = 0;
    while (connections.openCount > 1 && published < 50_000) {
      await bus.publish(boardChannel(board.id), 'note.updated', { note: { ...big, version: published + 2 } }, alice.id);
      published++;
      // Let the sockets move, as they would between real requests.
      if (published % 20 === 0) {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    expect(connections.openCount).toBe(1);
    expect((await metrics.slowConsumerDisconnects.get()).values[0].value).toBe(1);
    // Cut off after a bounded backlog (kernel buffers + 512 KB), not after everything was queued.
    expect(published).toBeLessThan(10_000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(128 * 1024 * 1024);
    // The reader that kept up got everything.
    await healthy.waitForType('note.updated', published);
    healthy.close();
    slow.close();
  });
});
