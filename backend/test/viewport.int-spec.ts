import { expect } from '@jest/globals';
import type { EventEnvelope } from '../../contracts/events';
import { ApiUser } from './support/api';
import { type RedisServer, startRedis } from './support/redis-server';
import { SseClient } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';

type Moved = EventEnvelope<'viewport.moved'>;

describe('follow mode: viewports across two pods', () => {
  let redis: RedisServer;
  let podA: TestApp;
  let podB: TestApp;
  let ann: ApiUser;
  let ben: ApiUser;
  let boardId: string;
  const streams: SseClient[] = [];

  const open = async (pod: TestApp, user: ApiUser, lastEventId?: string): Promise<SseClient> => {
    const client = await SseClient.open(pod.url, { token: user.token, channels: [`board:${boardId}`], lastEventId });
    streams.push(client);
    await client.waitForType('stream.ready');
    return client;
  };

  beforeAll(async () => {
    redis = await startRedis();
    const env = { REDIS_URL: redis.url, WRITE_RATE_LIMIT: '100000' };
    [podA, podB] = await Promise.all([startTestApp(env), startTestApp(env)]);
    [ann, ben] = await Promise.all([ApiUser.register(podA.url, 'ann'), ApiUser.register(podA.url, 'ben')]);
  });

  beforeEach(async () => {
    boardId = (await ann.createBoard('Follow')).id;
    await ann.addMember(boardId, ben);
  });

  afterEach(() => {
    for (const client of streams.splice(0)) {
      client.close();
    }
  });

  afterAll(async () => {
    await Promise.all([podA?.close(), podB?.close()]);
    await redis?.stop();
  });

  it('coalesces a member’s viewport to about 10 a second for the others, the latest last, and never replays it', async () => {
    const annStream = await open(podA, ann);
    const benApi = ben.on(podB.url).api;
    const started = Date.now();
    for (let i = 0; i < 60; i++) {
      await benApi
        .post(`/api/boards/${boardId}/viewport`)
        .send({ x: 1000 + i, y: 500 + i, zoom: 0.5 })
        .expect(204);
    }
    const elapsed = Date.now() - started;
    await annStream.waitFor(
      (events) => events.some((event) => event.type === 'viewport.moved' && (event.envelope as Moved).data.x === 1059),
      'the latest viewport',
    );
    const moves = annStream.ofType('viewport.moved').map((event) => event.envelope as Moved);
    expect(moves.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    expect(moves[moves.length - 1].data).toEqual({ userId: ben.id, x: 1059, y: 559, zoom: 0.5 });
    expect(moves.every((move) => move.id === '')).toBe(true);

    // A resumed stream gets no viewport history: followers only want where the leader looks now.
    const resumed = await open(podA, ann, annStream.events[0].id);
    await ann.createNote(boardId, 'marker');
    await resumed.waitForType('note.created');
    expect(resumed.ofType('viewport.moved')).toHaveLength(0);
  });

  it('brings everyone to an editor’s view with viewport.summoned', async () => {
    const benStream = await open(podB, ben);
    await ann.api.post(`/api/boards/${boardId}/viewport/summon`).send({ x: 2000, y: 1500, zoom: 1.5 }).expect(204);
    await benStream.waitForType('viewport.summoned');
    const summoned = benStream.ofType('viewport.summoned')[0].envelope as EventEnvelope<'viewport.summoned'>;
    expect(summoned.data).toEqual({ userId: ann.id, x: 2000, y: 1500, zoom: 1.5 });
    expect(summoned.id).toBe('');
  });

  it('rejects views outside the board or the zoom range with field messages', async () => {
    const bad = [
      [{ x: -1, y: 0, zoom: 1 }, 'x must be between 0 and 4000'],
      [{ x: 0, y: 3001, zoom: 1 }, 'y must be between 0 and 3000'],
      [{ x: 0, y: 0, zoom: 0.1 }, 'zoom must be between 0.25 and 2'],
      [{ x: 0, y: 0, zoom: 'near' }, 'zoom must be a finite number'],
      [{ x: 0, y: 0 }, 'zoom must be a finite number'],
    ] as const;
    for (const [body, message] of bad) {
      for (const path of ['viewport', 'viewport/summon']) {
        const response = await ann.api.post(`/api/boards/${boardId}/${path}`).send(body).expect(400);
        expect(JSON.stringify(response.body)).toContain(message);
      }
    }
  });

  it('keeps viewports to members, and summoning to editors', async () => {
    const outsider = await ApiUser.register(podA.url, 'out');
    const view = { x: 10, y: 10, zoom: 1 };
    await outsider.api.post(`/api/boards/${boardId}/viewport`).send(view).expect(403);
    await outsider.api.post(`/api/boards/${boardId}/viewport/summon`).send(view).expect(403);
    await ann.api.post('/api/boards/00000000-0000-4000-8000-000000000000/viewport').send(view).expect(404);
    await ann.api.post('/api/boards/not-a-uuid/viewport').send(view).expect(400);
  });
});

describe('follow mode: a viewer', () => {
  let pod: TestApp;

  beforeAll(async () => {
    pod = await startTestApp({ WRITE_RATE_LIMIT: '100000' });
  });

  afterAll(async () => {
    await pod?.close();
  });

  it('may follow and be followed, but not bring everyone to them', async () => {
    const [owner, viewer] = await Promise.all([ApiUser.register(pod.url, 'own'), ApiUser.register(pod.url, 'view')]);
    const boardId = (await owner.createBoard('Viewers')).id;
    await owner.addMember(boardId, viewer, 'viewer');

    const view = { x: 10, y: 10, zoom: 1 };
    await viewer.api.post(`/api/boards/${boardId}/viewport`).send(view).expect(204);
    const response = await viewer.api.post(`/api/boards/${boardId}/viewport/summon`).send(view).expect(403);
    expect(JSON.stringify(response.body)).toMatch(/viewer/i);
  });
});
