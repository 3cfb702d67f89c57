import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { AuthResponse } from '../../contracts/api';
import type { EventEnvelope } from '../../contracts/events';
import { EventBus } from '../src/events/event-bus';
import { register, type Session } from './support/http';
import { type RedisServer, startRedis } from './support/redis-server';
import { holdNextOpening } from './support/opening-gate';
import { SseClient, openingStatus } from './support/sse-client';
import { useTwoPods } from './support/two-pods';
import { signHs256 } from './support/tokens';
import { startTestApp, type TestApp } from './support/test-app';

const modes: Array<[string, boolean]> = [
  ['memory', false],
  ['redis', true],
];

const PASSWORD = 'correct horse';
const MAX_AGE_SECONDS = 30 * 86400;

async function login(url: string, username: string): Promise<AuthResponse> {
  return (await request(url).post('/api/auth/login').send({ username, password: PASSWORD }).expect(200)).body as AuthResponse;
}

const me = (url: string, token: string) => request(url).get('/api/auth/me').set('Authorization', `Bearer ${token}`);

function closingReason(client: SseClient): string | undefined {
  return (client.ofType('stream.closing')[0]?.envelope as EventEnvelope<'stream.closing'> | undefined)?.data.reason;
}

describe.each(modes)('sessions (%s mode)', (_mode, useRedis) => {
  let redis: RedisServer | undefined;
  let pod: TestApp;
  const streams: SseClient[] = [];

  const openStream = async (token: string, url = pod.url): Promise<SseClient> => {
    const client = await SseClient.open(url, { token });
    streams.push(client);
    await client.waitForType('stream.ready');
    return client;
  };

  /** A stream is alive when it still delivers: a ping on it comes back as a pong. */
  const assertAlive = async (client: SseClient, token: string): Promise<void> => {
    const pongs = client.ofType('pong').length;
    await request(pod.url).post('/api/events/ping').set('Authorization', `Bearer ${token}`).send({ clientTime: Date.now() }).expect(204);
    await client.waitForType('pong', pongs + 1);
    expect(client.isEnded).toBe(false);
  };

  beforeAll(async () => {
    redis = useRedis ? await startRedis() : undefined;
    pod = await startTestApp({ REDIS_URL: redis?.url });
  });

  afterEach(() => {
    for (const client of streams.splice(0)) {
      client.close();
    }
  });

  afterAll(async () => {
    await pod?.close();
    await redis?.stop();
  });

  it('logout makes the bearer token and the cookie answer 401 from then on', async () => {
    const session = await register(pod.url);
    await me(pod.url, session.accessToken).expect(200);
    await request(pod.url).post('/api/auth/logout').set('Authorization', `Bearer ${session.accessToken}`).expect(204);
    await me(pod.url, session.accessToken).expect(401);

    const other = await login(pod.url, session.user.username);
    const cookie = `cb_session=${other.accessToken}`;
    await request(pod.url).get('/api/auth/me').set('Cookie', cookie).expect(200);
    await request(pod.url).post('/api/auth/logout').set('Cookie', cookie).set('Origin', pod.url).expect(204);
    await request(pod.url).get('/api/auth/me').set('Cookie', cookie).expect(401);
  });

  it('logout with a token that is no longer valid still clears the cookie (204)', async () => {
    const session = await register(pod.url);
    await request(pod.url).post('/api/auth/logout').set('Authorization', `Bearer ${session.accessToken}`).expect(204);
    const again = await request(pod.url).post('/api/auth/logout').set('Authorization', `Bearer ${session.accessToken}`).expect(204);
    expect(String(again.headers['set-cookie'])).toMatch(/cb_session=;/);
    await request(pod.url).post('/api/auth/logout').set('Authorization', 'Bearer not-a-token').expect(204);
  });

  it("logout ends that session's open streams with stream.closing session_revoked, and no other session's", async () => {
    const session = await register(pod.url);
    const otherTab = await login(pod.url, session.user.username);
    const mine = await openStream(session.accessToken);
    const mineToo = await openStream(session.accessToken);
    const other = await openStream(otherTab.accessToken);

    const started = Date.now();
    await request(pod.url).post('/api/auth/logout').set('Authorization', `Bearer ${session.accessToken}`).expect(204);
    await Promise.all([mine.waitForEnd(2000), mineToo.waitForEnd(2000)]);
    const elapsed = Date.now() - started;

    expect(closingReason(mine)).toBe('session_revoked');
    expect(closingReason(mineToo)).toBe('session_revoked');
    expect(mine.events[mine.events.length - 1].type).toBe('stream.closing');
    expect(elapsed).toBeLessThan(2000);
    await assertAlive(other, otherTab.accessToken);
    expect(await openingStatus(pod.url, { token: session.accessToken })).toBe(401);
  });

  it('log out everywhere ends every session and stream of the user, and a new login works', async () => {
    const first = await register(pod.url);
    const second = await login(pod.url, first.user.username);
    const stranger = await register(pod.url);
    const streamsOfFirst = await openStream(first.accessToken);
    const streamsOfSecond = await openStream(second.accessToken);
    const strangersStream = await openStream(stranger.accessToken);

    await request(pod.url).post('/api/auth/logout-all').set('Authorization', `Bearer ${second.accessToken}`).expect(204);
    await Promise.all([streamsOfFirst.waitForEnd(2000), streamsOfSecond.waitForEnd(2000)]);
    expect([closingReason(streamsOfFirst), closingReason(streamsOfSecond)]).toEqual(['session_revoked', 'session_revoked']);
    await me(pod.url, first.accessToken).expect(401);
    await me(pod.url, second.accessToken).expect(401);
    await request(pod.url).post('/api/auth/refresh').set('Authorization', `Bearer ${first.accessToken}`).expect(401);

    const again = await login(pod.url, first.user.username);
    await me(pod.url, again.accessToken).expect(200);
    await assertAlive(await openStream(again.accessToken), again.accessToken);
    await assertAlive(strangersStream, stranger.accessToken);
  });

  it('refresh rotates: the old token stops working, the new one works, and the old one cannot refresh again', async () => {
    const session = await register(pod.url);
    const refreshed = (await request(pod.url).post('/api/auth/refresh').set('Authorization', `Bearer ${session.accessToken}`).expect(200))
      .body as AuthResponse;
    await me(pod.url, refreshed.accessToken).expect(200);
    await me(pod.url, session.accessToken).expect(401);
    await request(pod.url).post('/api/auth/refresh').set('Authorization', `Bearer ${session.accessToken}`).expect(401);
  });

  it('lets only one of two simultaneous refreshes with one token succeed', async () => {
    const session = await register(pod.url);
    const refresh = () => request(pod.url).post('/api/auth/refresh').set('Authorization', `Bearer ${session.accessToken}`);
    const statuses = (await Promise.all([refresh(), refresh(), refresh()])).map((response) => response.status).sort();
    expect(statuses).toEqual([200, 401, 401]);
  });

  it('ends the streams of a rotated token at the refresh; the new token streams on, and its logout ends the session', async () => {
    const session = await register(pod.url);
    const early = await openStream(session.accessToken);
    const refreshed = (await request(pod.url).post('/api/auth/refresh').set('Authorization', `Bearer ${session.accessToken}`).expect(200))
      .body as AuthResponse;
    // A stolen copy of the old token must not keep listening: its stream ends like a logged-out one.
    await early.waitForEnd(2000);
    expect(closingReason(early)).toBe('session_revoked');
    const current = await openStream(refreshed.accessToken);
    await assertAlive(current, refreshed.accessToken);
    await request(pod.url).post('/api/auth/logout').set('Authorization', `Bearer ${refreshed.accessToken}`).expect(204);
    await current.waitForEnd(2000);
    expect(closingReason(current)).toBe('session_revoked');
  });

  it('ends a stream that was authorised before its logout and opened after it', async () => {
    const session = await register(pod.url);
    // Hold the stream between authorisation and delivery, where a revocation could otherwise slip past it.
    const gate = holdNextOpening(pod.app.get(EventBus));
    try {
      const opening = SseClient.open(pod.url, { token: session.accessToken });
      await gate.inside;
      await request(pod.url).post('/api/auth/logout').set('Authorization', `Bearer ${session.accessToken}`).expect(204);
      gate.release();
      const client = await opening;
      streams.push(client);
      await client.waitForEnd(2000);
      expect(client.events.map((event) => event.type)).toEqual(['stream.ready', 'stream.closing']);
      expect(closingReason(client)).toBe('session_revoked');
    } finally {
      gate.release();
    }
  });

  describe('absolute session lifetime (SESSION_MAX_AGE, 30 days by default)', () => {
    let user: Session;

    beforeAll(async () => {
      user = await register(pod.url);
    });

    const tokenOfSessionBegun = (secondsAgo: number): string =>
      signHs256({
        sub: user.user.id,
        exp: Math.floor(Date.now() / 1000) + 600,
        jti: randomUUID(),
        sid: randomUUID(),
        sat: Date.now() - secondsAgo * 1000,
      });

    it('refreshes a session younger than the maximum age, but never past its end', async () => {
      const sat = Date.now() - (MAX_AGE_SECONDS - 120) * 1000;
      const token = signHs256({ sub: user.user.id, exp: Math.floor(Date.now() / 1000) + 60, jti: randomUUID(), sid: randomUUID(), sat });
      const refreshed = (await request(pod.url).post('/api/auth/refresh').set('Authorization', `Bearer ${token}`).expect(200))
        .body as AuthResponse;
      // JWT_TTL is an hour, but only two minutes of the session are left.
      expect(Date.parse(refreshed.expiresAt)).toBeLessThanOrEqual(sat + MAX_AGE_SECONDS * 1000);
      await me(pod.url, refreshed.accessToken).expect(200);
    });

    it('refuses to refresh (401) a session past the maximum age, and refuses its tokens', async () => {
      const token = tokenOfSessionBegun(MAX_AGE_SECONDS + 1);
      const response = await request(pod.url).post('/api/auth/refresh').set('Authorization', `Bearer ${token}`).expect(401);
      expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String), code: 'session_too_old' });
      await me(pod.url, token).expect(401);
      await me(pod.url, tokenOfSessionBegun(MAX_AGE_SECONDS - 60)).expect(200);
    });
  });
});

describe('sessions across two pods on one Redis', () => {
  const pods = useTwoPods();

  const openStream = async (url: string, token: string): Promise<SseClient> => {
    const client = await SseClient.open(url, { token });
    pods.streams.push(client);
    await client.waitForType('stream.ready');
    return client;
  };

  it('logout on pod A refuses the token on pod B and ends its stream there within a second', async () => {
    const session = await register(pods.a.url);
    const onB = await openStream(pods.b.url, session.accessToken);
    const started = Date.now();
    await request(pods.a.url).post('/api/auth/logout').set('Authorization', `Bearer ${session.accessToken}`).expect(204);
    await onB.waitForEnd(1000);
    const elapsed = Date.now() - started;
    expect(closingReason(onB)).toBe('session_revoked');
    expect(elapsed).toBeLessThan(1000);
    await me(pods.b.url, session.accessToken).expect(401);
  });

  it('log out everywhere on pod B ends the streams of every session on pod A', async () => {
    const first = await register(pods.a.url);
    const second = await login(pods.b.url, first.user.username);
    const onA = [await openStream(pods.a.url, first.accessToken), await openStream(pods.a.url, second.accessToken)];
    await request(pods.b.url).post('/api/auth/logout-all').set('Authorization', `Bearer ${first.accessToken}`).expect(204);
    await Promise.all(onA.map((client) => client.waitForEnd(1000)));
    expect(onA.map(closingReason)).toEqual(['session_revoked', 'session_revoked']);
    await me(pods.a.url, second.accessToken).expect(401);
  });
});

describe('logout while Redis is unreachable', () => {
  let redis: RedisServer;
  let pod: TestApp;

  beforeAll(async () => {
    redis = await startRedis({ persistent: true });
    pod = await startTestApp({ REDIS_URL: redis.url });
  });

  afterAll(async () => {
    await pod?.close();
    await redis?.stop();
  });

  it('answers 503 with Retry-After instead of pretending the session ended, and revokes once Redis is back', async () => {
    const session = await register(pod.url);
    await redis.stop();
    const down = await request(pod.url).post('/api/auth/logout').set('Authorization', `Bearer ${session.accessToken}`).expect(503);
    expect(Number(down.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await redis.start();
    const deadline = Date.now() + 10_000;
    let status = 0;
    // Polls until the pod's connection is back (as the cluster spec does), not a fixed wait.
    while (Date.now() < deadline) {
      status = (await request(pod.url).post('/api/auth/logout').set('Authorization', `Bearer ${session.accessToken}`)).status;
      if (status === 204) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(204);
    await me(pod.url, session.accessToken).expect(401);
  });
});
