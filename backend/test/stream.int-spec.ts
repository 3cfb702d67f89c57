import { expect } from '@jest/globals';
import Redis from 'ioredis';
import request from 'supertest';
import type { Note } from '../../contracts/boards';
import { parseCursor } from '../../contracts/cursor';
import type { EventEnvelope } from '../../contracts/events';
import type { AdminHealthDto } from '../src/admin/admin.controller';
import { UsersRepository } from '../src/users/users.repository';
import { ApiUser } from './support/api';
import { errorOf, register } from './support/http';
import { freePort, type RedisServer, startRedis } from './support/redis-server';
import { SseClient, refusalOf } from './support/sse-client';
import { shortLivedToken } from './support/tokens';
import { startTestApp, type TestApp } from './support/test-app';

const modes: Array<[string, boolean]> = [
  ['memory', false],
  ['redis', true],
];

describe.each(modes)('the SSE stream (%s mode)', (_mode, useRedis) => {
  let redis: RedisServer | undefined;
  let pod: TestApp;
  let alice: ApiUser;
  let bob: ApiUser;
  const streams: SseClient[] = [];

  const open = async (user: ApiUser, channels: string[] = [], lastEventId?: string, header = false): Promise<SseClient> => {
    const client = await SseClient.open(pod.url, { token: user.token, channels, lastEventId, lastEventIdHeader: header });
    streams.push(client);
    await client.waitForType('stream.ready');
    return client;
  };

  beforeAll(async () => {
    redis = useRedis ? await startRedis() : undefined;
    pod = await startTestApp({
      REDIS_URL: redis?.url,
      WRITE_RATE_LIMIT: '100000',
      HISTORY_SIZE: '120',
      SSE_HEARTBEAT_MS: '300',
      SSE_MAX_CONNECTIONS: '12',
      SSE_MAX_CONNECTIONS_PER_USER: '4',
      METRICS_PORT: String(await freePort()),
    });
    [alice, bob] = await Promise.all([ApiUser.register(pod.url, 'alice'), ApiUser.register(pod.url, 'bob')]);
  });

  afterEach(async () => {
    for (const client of streams.splice(0)) {
      client.close();
    }
    await Promise.all(streams.map((client) => client.closed));
  });

  afterAll(async () => {
    await pod?.close();
    await redis?.stop();
  });

  describe('before the first byte', () => {
    it('answers 401 without a valid token', async () => {
      expect((await refusalOf(SseClient.open(pod.url))).status).toBe(401);
      expect((await refusalOf(SseClient.open(pod.url, { token: 'garbage' }))).status).toBe(401);
    });

    it('answers 400 for a malformed channel name and 403 for a channel the user may not read', async () => {
      const malformed = await refusalOf(SseClient.open(pod.url, { token: alice.token, channels: ['board'] }));
      expect(malformed.status).toBe(400);
      expect(malformed.body.message).toMatch(/not a channel name/);
      expect((await refusalOf(SseClient.open(pod.url, { token: alice.token, channels: ['weather:today'] }))).status).toBe(400);
      expect((await refusalOf(SseClient.open(pod.url, { token: alice.token, channels: [`user:${bob.id}`] }))).status).toBe(403);
      const board = await bob.createBoard();
      expect((await refusalOf(SseClient.open(pod.url, { token: alice.token, channels: [`board:${board.id}`] }))).status).toBe(403);
    });

    it('answers 429 past the per-user cap and 503 with Retry-After when the pod is full', async () => {
      for (let i = 0; i < 4; i++) {
        await open(alice);
      }
      const tooMany = await refusalOf(SseClient.open(pod.url, { token: alice.token }));
      expect(tooMany.status).toBe(429);
      expect(tooMany.headers['retry-after']).toBeDefined();

      const others = await Promise.all(Array.from({ length: 2 }, () => ApiUser.register(pod.url, 'filler')));
      for (const user of others) {
        for (let i = 0; i < 4; i++) {
          await open(user);
        }
      }
      const full = await refusalOf(SseClient.open(pod.url, { token: bob.token }));
      expect(full.status).toBe(503);
      expect(Number(full.headers['retry-after'])).toBeGreaterThanOrEqual(1);

      // Places are given back as streams close.
      for (const client of streams.splice(0)) {
        client.close();
      }
      await waitUntil(async () => {
        try {
          (await SseClient.open(pod.url, { token: bob.token })).close();
          return true;
        } catch {
          return false;
        }
      });
    });
  });

  it('starts with stream.ready, a retry hint and a cursor that covers the own user channel', async () => {
    const client = await open(alice);
    const [ready] = client.events;
    expect(ready.type).toBe('stream.ready');
    expect(ready.retry).toBeGreaterThan(0);
    const cursor = parseCursor(ready.id);
    expect([...(cursor?.keys() ?? [])]).toEqual([`user:${alice.id}`]);
    expect(ready.envelope).toEqual(
      expect.objectContaining({
        type: 'stream.ready',
        data: expect.objectContaining({ channels: [`user:${alice.id}`], heartbeatMs: 300 }),
      }),
    );
  });

  it('gives each stream on a shared board an id with its own position on each of its channels', async () => {
    const board = await alice.createBoard();
    await alice.addMember(board.id, bob);
    const aliceStream = await open(alice, [`board:${board.id}`]);
    const bobStream = await open(bob, [`board:${board.id}`]);
    // A stored event on alice's own channel moves her cursor, not bob's.
    const other = await bob.createBoard('Other');
    // An invitation only (its notification is the last event on her channel), not accepted.
    await bob.invite(other.id, alice.username);
    await aliceStream.waitForType('notification');
    const notificationId = aliceStream.ofType('notification')[0].envelope.id;

    await alice.createNote(board.id);
    await aliceStream.waitForType('note.created');
    await bobStream.waitForType('note.created');
    const noteEventId = aliceStream.ofType('note.created')[0].envelope.id;
    expect(bobStream.ofType('note.created')[0].envelope.id).toBe(noteEventId);
    const aliceCursor = parseCursor(aliceStream.lastId);
    const bobCursor = parseCursor(bobStream.lastId);
    expect(aliceCursor?.get(`board:${board.id}`)?.id).toBe(noteEventId);
    expect(bobCursor?.get(`board:${board.id}`)?.id).toBe(noteEventId);
    expect(aliceCursor?.get(`user:${alice.id}`)?.id).toBe(notificationId);
    expect([...(bobCursor?.keys() ?? [])].sort()).toEqual([`board:${board.id}`, `user:${bob.id}`].sort());
  });

  it('sends heartbeats as events whose id is the unchanged cursor', async () => {
    const board = await alice.createBoard();
    const client = await open(alice, [`board:${board.id}`]);
    await alice.createNote(board.id);
    await client.waitForType('note.created');
    const cursorAfterNote = client.lastId;
    await client.waitForType('heartbeat', 2);
    const heartbeats = client.ofType('heartbeat');
    expect(heartbeats[heartbeats.length - 1].id).toBe(cursorAfterNote);
  });

  it('answers a ping with a pong on the own channel', async () => {
    const client = await open(alice);
    await alice.api.post('/api/events/ping').send({ clientTime: 1234.5 }).expect(204);
    await client.waitForType('pong');
    expect((client.ofType('pong')[0].envelope as EventEnvelope<'pong'>).data).toEqual({
      clientTime: 1234.5,
      serverTime: expect.any(String),
    });
    await alice.api.post('/api/events/ping').send({ clientTime: 'soon' }).expect(400);
  });

  it('resumes after a disconnect with exactly the 100 missed events, in order, without duplicates', async () => {
    const board = await alice.createBoard();
    const first = await open(alice, [`board:${board.id}`]);
    await alice.createNote(board.id, 'seen');
    await first.waitForType('note.created');
    const cursor = first.lastId;
    first.close();
    await first.closed;

    const missed: string[] = [];
    for (let i = 0; i < 100; i++) {
      const note = (
        await alice.api
          .post(`/api/boards/${board.id}/notes`)
          .send({ text: `missed ${i}`, x: 1, y: 1, color: 'blue' })
          .expect(201)
      ).body as Note;
      missed.push(note.id);
    }
    for (const header of [false, true]) {
      const resumed = await open(alice, [`board:${board.id}`], cursor, header);
      await resumed.waitForType('note.created', 100);
      const received = resumed.ofType('note.created').map((event) => (event.envelope as EventEnvelope<'note.created'>).data.note.id);
      expect(received).toEqual(missed);
      expect(resumed.ofType('reset')).toHaveLength(0);
      resumed.close();
    }
  });

  it('sends one reset when more than the history was missed, then continues live', async () => {
    const board = await alice.createBoard();
    const first = await open(alice, [`board:${board.id}`]);
    const cursor = first.lastId;
    first.close();
    const note = await alice.createNote(board.id);
    for (let i = 0; i < 460; i++) {
      await alice.api.patch(`/api/boards/${board.id}/notes/${note.id}`).send({ x: i }).expect(200);
    }
    const resumed = await open(alice, [`board:${board.id}`], cursor);
    await resumed.waitForType('reset');
    expect(resumed.ofType('reset')).toHaveLength(1);
    expect((resumed.ofType('reset')[0].envelope as EventEnvelope<'reset'>).data).toEqual({ channels: [`board:${board.id}`] });
    expect(resumed.ofType('note.updated')).toHaveLength(0);
    await alice.api.patch(`/api/boards/${board.id}/notes/${note.id}`).send({ x: 999 }).expect(200);
    await resumed.waitForType('note.updated');
    expect(resumed.ofType('note.updated')).toHaveLength(1);
  });

  it('answers an unreadable cursor with a reset, not an error', async () => {
    const board = await alice.createBoard();
    const client = await open(alice, [`board:${board.id}`], 'complete nonsense');
    await client.waitForType('reset');
    expect((client.ofType('reset')[0].envelope as EventEnvelope<'reset'>).data.channels.sort()).toEqual(
      [`board:${board.id}`, `user:${alice.id}`].sort(),
    );
  });

  it('answers a repeated lastEventId with 400, not an error from deep inside', async () => {
    const url = new URL('/api/events', pod.url);
    url.searchParams.append('lastEventId', 'a');
    url.searchParams.append('lastEventId', 'b');
    const response = await request(pod.url).get(`${url.pathname}${url.search}`).set('Authorization', `Bearer ${alice.token}`);
    expect(response.status).toBe(400);
    expect(JSON.stringify(errorOf(response).message)).toMatch(/lastEventId must be given once/);
  });

  it('resets a channel whose cursor is ahead of its last event, then delivers new events live', async () => {
    const board = await alice.createBoard();
    const first = await open(alice, [`board:${board.id}`]);
    await alice.createNote(board.id, 'seen');
    await first.waitForType('note.created');
    const real = parseCursor(first.lastId)!;
    first.close();
    const channel = `board:${board.id}`;
    const { epoch, id } = real.get(channel)!;
    const [ms, seq] = id.split('-');
    const forged = (position: string): string =>
      [...real].map(([name, p]) => `${name}@${p.epoch}:${name === channel ? position : p.id}`).join(',');
    // One ahead of the tail (a Redis that lost its last write) and a day ahead (forged).
    const oneAhead = await open(alice, [channel], forged(`${ms}-${Number(seq) + 1}`));
    const dayAhead = await open(alice, [channel], forged(`${Number(ms) + 86_400_000}-0`));
    for (const client of [oneAhead, dayAhead]) {
      await client.waitForType('reset');
      expect((client.ofType('reset')[0].envelope as EventEnvelope<'reset'>).data).toEqual({ channels: [channel] });
      expect(parseCursor(client.lastId)?.get(channel)).toEqual({ epoch, id });
    }
    const texts = ['after 1', 'after 2', 'after 3'];
    for (const text of texts) {
      await alice.createNote(board.id, text);
    }
    for (const client of [oneAhead, dayAhead]) {
      await client.waitForType('note.created', 3);
      expect(client.ofType('note.created').map((event) => (event.envelope as EventEnvelope<'note.created'>).data.note.text)).toEqual(texts);
      expect(client.ofType('reset')).toHaveLength(1);
    }
  });

  it('answers a cursor with a zero-padded position with one reset, then delivers live', async () => {
    const board = await alice.createBoard();
    const first = await open(alice, [`board:${board.id}`]);
    await alice.createNote(board.id, 'seen');
    await first.waitForType('note.created');
    const channel = `board:${board.id}`;
    const { epoch, id } = parseCursor(first.lastId)!.get(channel)!;
    first.close();
    // Zero-padded, it used to compare as far ahead of every real id and silence the channel.
    const padded = await open(alice, [channel], `${channel}@${epoch}:000${id}`);
    await padded.waitForType('reset');
    expect(padded.ofType('reset')).toHaveLength(1);
    await alice.createNote(board.id, 'live');
    await padded.waitForType('note.created');
    expect(padded.ofType('note.created')).toHaveLength(1);
  });

  it('starts a channel that was not in the cursor live', async () => {
    const board = await alice.createBoard();
    const plain = await open(alice);
    const cursor = plain.lastId;
    plain.close();
    await alice.createNote(board.id, 'before');
    const client = await open(alice, [`board:${board.id}`], cursor);
    await alice.createNote(board.id, 'after');
    await client.waitForType('note.created');
    expect(client.ofType('note.created').map((event) => (event.envelope as EventEnvelope<'note.created'>).data.note.text)).toEqual([
      'after',
    ]);
    expect(client.ofType('reset')).toHaveLength(0);
  });

  it('warns before the token expires and ends the stream when it does', async () => {
    const client = await SseClient.open(pod.url, { token: shortLivedToken(alice.id, 3) });
    streams.push(client);
    await client.waitForType('session.expiring', 1, 5000);
    const expiring = client.ofType('session.expiring')[0].envelope as EventEnvelope<'session.expiring'>;
    expect(Date.parse(expiring.data.expiresAt)).toBeGreaterThan(Date.now());
    await client.waitForEnd(5000);
    expect((client.ofType('stream.closing')[0].envelope as EventEnvelope<'stream.closing'>).data).toEqual({ reason: 'session_expired' });
  });

  it('reports streams and channels on the metrics port and to admins', async () => {
    const board = await alice.createBoard();
    const client = await open(alice, [`board:${board.id}`]);
    await alice.createNote(board.id);
    await client.waitForType('note.created');
    const metrics = (await request(pod.metricsUrl!).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^sse_connections_total [1-9]/m);
    expect(metrics).toMatch(/^sse_channels_total [1-9]/m);
    expect(metrics).toMatch(/^sse_events_sent_total [1-9]/m);
    expect(metrics).toMatch(/^sse_resumes_total\{outcome="replayed"\} [1-9]/m);
    expect(metrics).toMatch(
      /^http_request_duration_seconds_count\{method="POST",route="\/api\/boards\/:boardId\/notes",status="201"\} [1-9]/m,
    );
    const admin = await register(pod.url);
    await pod.app.get(UsersRepository).setAdmin(admin.user.id, true);
    const health = await request(pod.url).get('/api/admin/health').set('Authorization', `Bearer ${admin.accessToken}`).expect(200);
    expect((health.body as AdminHealthDto).connections).toBeGreaterThanOrEqual(1);
    expect((health.body as AdminHealthDto).channels).toBeGreaterThanOrEqual(2);
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('cursors after Redis lost or rewound its data', () => {
  let redis: RedisServer;
  let pod: TestApp;
  let admin: Redis;
  let alice: ApiUser;
  const streams: SseClient[] = [];

  const open = async (channels: string[], lastEventId?: string): Promise<SseClient> => {
    const client = await SseClient.open(pod.url, { token: alice.token, channels, lastEventId });
    streams.push(client);
    await client.waitForType('stream.ready');
    return client;
  };
  const texts = (client: SseClient): string[] =>
    client.ofType('note.created').map((event) => (event.envelope as EventEnvelope<'note.created'>).data.note.text);

  /** FLUSHALL, then the app's own records come back from a backup; the event streams do not. */
  const flushEventsKeepRecords = async (): Promise<void> => {
    const saved: Array<[string, Buffer, number]> = [];
    for (const key of await admin.keys('*')) {
      if (key.startsWith('realtime:')) {
        continue;
      }
      const dump = await admin.dumpBuffer(key);
      if (dump) {
        saved.push([key, dump, Math.max(0, await admin.pttl(key))]);
      }
    }
    await admin.flushall();
    for (const [key, dump, ttl] of saved) {
      await admin.restore(key, ttl, dump, 'REPLACE');
    }
  };

  beforeAll(async () => {
    redis = await startRedis();
    pod = await startTestApp({ REDIS_URL: redis.url, WRITE_RATE_LIMIT: '100000' });
    admin = new Redis(redis.url);
    alice = await ApiUser.register(pod.url, 'flush');
  });

  afterEach(() => {
    for (const client of streams.splice(0)) {
      client.close();
    }
  });

  afterAll(async () => {
    admin?.disconnect();
    await pod?.close();
    await redis?.stop();
  });

  it('resets after FLUSHALL and new writes, whether the new ids are above or below the cursor', async () => {
    const board = await alice.createBoard();
    const channel = `board:${board.id}`;
    const first = await open([channel]);
    await alice.createNote(board.id, 'before the flush');
    await first.waitForType('note.created');
    const real = first.lastId!;
    const position = parseCursor(real)!.get(channel)!;
    first.close();
    // A cursor from the future: after the flush every new id is below it.
    const future = real.replace(`${channel}@${position.epoch}:${position.id}`, `${channel}@${position.epoch}:${Date.now() + 86_400_000}-0`);
    const across = await open([channel], real);

    await flushEventsKeepRecords();
    await alice.createNote(board.id, 'after the flush');
    const fromReal = await open([channel], real);
    const fromFuture = await open([channel], future);
    for (const client of [fromReal, fromFuture, across]) {
      await client.waitForType('reset');
      expect(
        client
          .ofType('reset')
          .map((event) => (event.envelope as EventEnvelope<'reset'>).data.channels)
          .flat(),
      ).toContain(channel);
    }
    await alice.createNote(board.id, 'live 1');
    await alice.createNote(board.id, 'live 2');
    for (const client of [fromReal, fromFuture]) {
      await client.waitForType('note.created', 2);
      expect(texts(client)).toEqual(['live 1', 'live 2']);
    }
    // The stream that was open across the flush heard of the new epoch with its first event.
    await across.waitForType('note.created', 3);
    expect(texts(across)).toEqual(['after the flush', 'live 1', 'live 2']);
  });

  it('resets a cursor ahead of a stream restored from an older snapshot (same epoch), then delivers live', async () => {
    const board = await alice.createBoard();
    const channel = `board:${board.id}`;
    await alice.createNote(board.id, 'in the snapshot');
    const streamKey = `realtime:channel:{${channel}}:stream`;
    const snapshot = await admin.dumpBuffer(streamKey);
    expect(snapshot).not.toBeNull();
    const first = await open([channel]);
    await alice.createNote(board.id, 'lost by the restore');
    await first.waitForType('note.created');
    const cursor = first.lastId!;
    first.close();

    await admin.restore(streamKey, 0, snapshot, 'REPLACE');
    const resumed = await open([channel], cursor);
    await resumed.waitForType('reset');
    expect((resumed.ofType('reset')[0].envelope as EventEnvelope<'reset'>).data).toEqual({ channels: [channel] });
    await alice.createNote(board.id, 'live');
    await resumed.waitForType('note.created');
    expect(texts(resumed)).toEqual(['live']);
  });
});
