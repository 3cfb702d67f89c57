import request from 'supertest';
import type { AuthResponse } from '../../contracts/api';
import type { ChatMessage } from '../../contracts/chat';
import { ApiUser } from './support/api';
import { type RedisServer, startRedis } from './support/redis-server';
import { startTestApp, type TestApp } from './support/test-app';

const modes: Array<[string, boolean]> = [
  ['memory', false],
  ['redis', true],
];

/** Sends `allowed` calls that must pass, then one that must be refused with 429 and Retry-After. */
async function expectLimit(
  allowed: number,
  call: () => Promise<{ status: number; headers: Record<string, string>; body: unknown }>,
  okStatus: number,
): Promise<void> {
  for (let i = 0; i < allowed; i++) {
    expect((await call()).status).toBe(okStatus);
  }
  const refused = await call();
  expect(refused.status).toBe(429);
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  expect(refused.body).toEqual({
    statusCode: 429,
    error: 'Too Many Requests',
    message: 'Too many requests, slow down',
    code: 'rate_limited',
  });
}

describe.each(modes)('limits on cheap endpoints (%s mode)', (_mode, useRedis) => {
  let redis: RedisServer | undefined;
  let pod: TestApp;
  let ann: ApiUser;
  let ben: ApiUser;
  let boardId: string;

  beforeAll(async () => {
    redis = useRedis ? await startRedis() : undefined;
    pod = await startTestApp({ REDIS_URL: redis?.url });
    [ann, ben] = await Promise.all([ApiUser.register(pod.url, 'ann'), ApiUser.register(pod.url, 'ben')]);
    boardId = (await ann.createBoard()).id;
    await ann.addMember(boardId, ben);
  });

  afterAll(async () => {
    await pod?.close();
    await redis?.stop();
  });

  it('allows 10 status changes a minute, since each one fans out to every board', async () => {
    await expectLimit(10, () => ben.api.post('/api/presence/status').send({ status: 'away' }), 204);
  });

  it('allows 20 typing notices per 10 s', async () => {
    await expectLimit(20, () => ann.api.post(`/api/boards/${boardId}/typing`), 204);
  });

  it('allows 30 read markers per 10 s', async () => {
    const message = (await ann.api.post(`/api/boards/${boardId}/messages`).send({ content: 'read me' }).expect(201)).body as ChatMessage;
    await expectLimit(30, () => ben.api.post(`/api/boards/${boardId}/read`).send({ messageId: message.id }), 204);
  });

  it('gives one answer for unknown usernames and 30 conversation lookups an hour, so usernames cannot be enumerated', async () => {
    const carl = await ApiUser.register(pod.url, 'carl');
    const oneUnknown = await carl.api
      .post('/api/conversations')
      .send({ usernames: ['ghost-one'] })
      .expect(404);
    const mixed = await carl.api
      .post('/api/conversations')
      .send({ usernames: [ann.username, 'ghost-one', 'ghost-two'] })
      .expect(404);
    expect(mixed.body).toEqual(oneUnknown.body);
    expect(JSON.stringify(mixed.body)).not.toMatch(/ghost/);
    await carl.api
      .post('/api/conversations')
      .send({ usernames: [ann.username] })
      .expect(201);
    await expectLimit(27, () => carl.api.post('/api/conversations').send({ usernames: [ann.username] }), 200);
    // The budget is per user: others are unaffected.
    await ben.api
      .post('/api/conversations')
      .send({ usernames: [ann.username] })
      .expect(201);
  });

  it('allows 30 session changes (refresh, logout, log out everywhere) a minute, since each one reaches every pod', async () => {
    const dora = await ApiUser.register(pod.url, 'dora');
    let token = dora.token;
    const refresh = () => request(pod.url).post('/api/auth/refresh').set('Authorization', `Bearer ${token}`);
    for (let i = 0; i < 30; i++) {
      token = ((await refresh().expect(200)).body as AuthResponse).accessToken;
    }
    const refused = await refresh().expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Log out everywhere shares the budget; the refused refresh left the token valid.
    await request(pod.url).post('/api/auth/logout-all').set('Authorization', `Bearer ${token}`).expect(429);
    // Without a token, logout is counted per client address.
    await expectLimit(30, () => request(pod.url).post('/api/auth/logout'), 204);
  });
});
