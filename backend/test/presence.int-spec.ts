import { expect } from '@jest/globals';
import type { EventEnvelope } from '../../contracts/events';
import type { BoardPresence } from '../../contracts/presence';
import { PresenceService } from '../src/presence/presence.service';
import { ApiUser } from './support/api';
import { type RedisServer, startRedis } from './support/redis-server';
import { SseClient } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';

const GRACE_MS = 400;

const userIdsOf = (client: SseClient, type: string): string[] =>
  client.ofType(type).map((event) => (event.envelope as EventEnvelope<'presence.left'>).data.userId);

describe('presence across two pods', () => {
  let redis: RedisServer;
  let podA: TestApp;
  let podB: TestApp;
  let ann: ApiUser;
  let ben: ApiUser;
  let boardId: string;
  const streams: SseClient[] = [];

  const open = async (pod: TestApp, user: ApiUser): Promise<SseClient> => {
    const client = await SseClient.open(pod.url, { token: user.token, channels: [`board:${boardId}`] });
    streams.push(client);
    await client.waitForType('stream.ready');
    return client;
  };

  const presence = async (pod: TestApp, user: ApiUser): Promise<string[]> => {
    const body = (await user.on(pod.url).api.get(`/api/boards/${boardId}/presence`).expect(200)).body as BoardPresence;
    return body.users.map((present) => present.userId).sort();
  };

  beforeAll(async () => {
    redis = await startRedis();
    const env = { REDIS_URL: redis.url, PRESENCE_GRACE_MS: String(GRACE_MS), WRITE_RATE_LIMIT: '100000' };
    [podA, podB] = await Promise.all([startTestApp(env), startTestApp(env)]);
    [ann, ben] = await Promise.all([ApiUser.register(podA.url, 'ann'), ApiUser.register(podA.url, 'ben')]);
  });

  beforeEach(async () => {
    boardId = (await ann.createBoard('Presence')).id;
    await ann.addMember(boardId, ben);
  });

  afterEach(async () => {
    for (const client of streams.splice(0)) {
      client.close();
    }
  });

  afterAll(async () => {
    await Promise.all([podA?.close(), podB?.close()]);
    await redis?.stop();
  });

  it('shows users on different pods each other joining and leaving, once each', async () => {
    const annStream = await open(podA, ann);
    await annStream.waitForType('presence.joined');
    const benStream = await open(podB, ben);
    await annStream.waitForType('presence.joined', 2);
    expect((annStream.ofType('presence.joined')[1].envelope as EventEnvelope<'presence.joined'>).data).toEqual(
      expect.objectContaining({ userId: ben.id, username: ben.username, status: 'online', since: expect.any(String) }),
    );
    expect(await presence(podA, ann)).toEqual([ann.id, ben.id].sort());
    expect(await presence(podB, ben)).toEqual([ann.id, ben.id].sort());

    // A second tab: no event. Closing it again: no event either.
    const benSecondTab = await open(podA, ben);
    benSecondTab.close();
    await benSecondTab.closed;
    benStream.close();
    await annStream.waitForType('presence.left', 1, 5000);
    expect(userIdsOf(annStream, 'presence.left')).toEqual([ben.id]);
    expect(annStream.ofType('presence.joined')).toHaveLength(2);
    expect(await presence(podB, ann)).toEqual([ann.id]);
  });

  it('does not flap when a user reconnects within the grace period', async () => {
    const annStream = await open(podA, ann);
    const benStream = await open(podB, ben);
    await annStream.waitForType('presence.joined', 2);
    benStream.close();
    await benStream.closed;
    const back = await open(podA, ben);
    // Wait past the grace period and a sweep, then prove nothing was announced.
    await new Promise((resolve) => setTimeout(resolve, GRACE_MS * 3));
    await Promise.all([podA.app.get(PresenceService).sweep(), podB.app.get(PresenceService).sweep()]);
    await ann.api.post('/api/events/ping').send({ clientTime: 1 }).expect(204);
    await annStream.waitForType('pong');
    expect(annStream.ofType('presence.left')).toHaveLength(0);
    expect(annStream.ofType('presence.joined')).toHaveLength(2);
    back.close();
  });

  it('announces status changes on the boards a user is on', async () => {
    const annStream = await open(podA, ann);
    await open(podB, ben);
    await annStream.waitForType('presence.joined', 2);
    await ben.on(podB.url).api.post('/api/presence/status').send({ status: 'away' }).expect(204);
    await annStream.waitForType('presence.updated');
    expect((annStream.ofType('presence.updated')[0].envelope as EventEnvelope<'presence.updated'>).data).toEqual({
      userId: ben.id,
      status: 'away',
    });
    const listed = (await ann.api.get(`/api/boards/${boardId}/presence`).expect(200)).body as BoardPresence;
    expect(listed.users.find((user) => user.userId === ben.id)?.status).toBe('away');
    await ben.api.post('/api/presence/status').send({ status: 'sleeping' }).expect(400);
    await ben.api.post('/api/presence/status').send({ status: 'online' }).expect(204);
  });

  it('keeps presence of a board to its members', async () => {
    const outsider = await ApiUser.register(podA.url, 'out');
    await outsider.api.get(`/api/boards/${boardId}/presence`).expect(403);
    await outsider.api.post(`/api/boards/${boardId}/cursor`).send({ x: 1, y: 1 }).expect(403);
  });

  it('coalesces cursors to about 10 a second, the last position always delivered, and never replays them', async () => {
    const annStream = await open(podA, ann);
    const benApi = ben.on(podB.url).api;
    const started = Date.now();
    for (let i = 0; i < 100; i++) {
      await benApi
        .post(`/api/boards/${boardId}/cursor`)
        .send({ x: i, y: i * 2 })
        .expect(204);
    }
    const elapsed = Date.now() - started;
    await annStream.waitFor(
      (events) => events.some((event) => event.type === 'cursor.moved' && (event.envelope as EventEnvelope<'cursor.moved'>).data.x === 99),
      'the last cursor position',
    );
    const moves = annStream.ofType('cursor.moved').map((event) => event.envelope as EventEnvelope<'cursor.moved'>);
    expect(moves.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    expect(moves[moves.length - 1].data).toEqual({ userId: ben.id, x: 99, y: 198 });
    expect(moves.every((move) => move.id === '')).toBe(true);
    await benApi.post(`/api/boards/${boardId}/cursor`).send({ x: -5, y: 1 }).expect(400);

    // A resumed stream gets no cursor history.
    const resumed = await SseClient.open(podA.url, {
      token: ann.token,
      channels: [`board:${boardId}`],
      lastEventId: annStream.events[0].id,
    });
    streams.push(resumed);
    await resumed.waitForType('stream.ready');
    await ann.createNote(boardId, 'marker');
    await resumed.waitForType('note.created');
    expect(resumed.ofType('cursor.moved')).toHaveLength(0);
  });
});
