import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { EventEnvelope } from '../../contracts/events';
import { ApiUser } from './support/api';
import { freePort } from './support/redis-server';
import { SseClient, SseRefusedError, refusalOf } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';

/** Slow enough that the bucket barely refills while the test opens its storm of streams. */
const RATE_PER_SECOND = 5;
/** One token for the stream already open, five for the storm. */
const BURST = 6;
const STORM = 20;

describe('admission of new streams by connect rate', () => {
  let pod: TestApp;
  let alice: ApiUser;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    pod = await startTestApp({
      SSE_CONNECT_RATE: String(RATE_PER_SECOND),
      SSE_CONNECT_BURST: String(BURST),
      SSE_MAX_CONNECTIONS_PER_USER: '100',
      METRICS_PORT: String(await freePort()),
    });
    alice = await ApiUser.register(pod.url, 'alice');
  });

  afterAll(async () => {
    for (const client of streams) {
      client.close();
    }
    await pod?.close();
  });

  it('answers a storm past the bucket with 503 and a Retry-After at once, keeps open streams flowing, and admits the refused later', async () => {
    const board = await alice.createBoard('Storm');
    const bucketFullAt = Date.now();
    const open = await SseClient.open(pod.url, { token: alice.token, channels: [`board:${board.id}`] });
    streams.push(open);
    await open.waitForType('stream.ready');

    const storm = Array.from({ length: STORM }, () => SseClient.open(pod.url, { token: alice.token }));
    const noteWritten = alice.createNote(board.id, 'written during the storm');
    const answers = await Promise.allSettled(storm);
    const stormEndedAt = Date.now();

    const admitted = answers.flatMap((answer) => (answer.status === 'fulfilled' ? [answer.value] : []));
    streams.push(...admitted);
    const refused = answers.flatMap((answer) => (answer.status === 'rejected' ? [answer.reason as unknown] : []));
    expect(refused.every((reason) => reason instanceof SseRefusedError)).toBe(true);
    // Five tokens were left; at most what the bucket earned while the storm was answered comes on top.
    const refilled = Math.floor(((stormEndedAt - bucketFullAt) / 1000) * RATE_PER_SECOND);
    expect(admitted.length).toBeGreaterThanOrEqual(BURST - 1);
    expect(admitted.length).toBeLessThanOrEqual(BURST - 1 + refilled);
    await Promise.all(admitted.map((client) => client.waitForType('stream.ready')));

    for (const refusal of refused as SseRefusedError[]) {
      expect(refusal.status).toBe(503);
      expect(Number(refusal.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // The usual error body, not a stream that broke off.
      expect(refusal.headers['content-type']).toMatch(/^application\/json/);
      expect(refusal.body).toEqual(expect.objectContaining({ statusCode: 503, message: expect.stringMatching(/try again shortly/) }));
    }

    const note = await noteWritten;
    await open.waitFor(
      (events) =>
        events.some((event) => event.type === 'note.created' && (event.envelope as EventEnvelope<'note.created'>).data.note.id === note.id),
      'the note written during the storm',
    );

    const metrics = (await request(pod.metricsUrl!).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(new RegExp(`^sse_connections_refused_total\\{status="503",reason="connect_rate"\\} ${refused.length}$`, 'm'));

    // A client that honours Retry-After gets in within a few rounds.
    const comeback = await openHonouringRetryAfter(pod.url, alice.token, 5);
    streams.push(comeback.client);
    expect(comeback.client.response.statusCode).toBe(200);
  }, 60_000);
});

describe('admission by connect rate and the long poll', () => {
  let pod: TestApp;

  beforeAll(async () => {
    // One stream a second: the bucket stays empty for a second once one stream opened.
    pod = await startTestApp({ SSE_CONNECT_RATE: '1', SSE_CONNECT_BURST: '1' });
  });

  afterAll(async () => {
    await pod?.close();
  });

  it('takes no token for a long poll (it comes back after every answer and has its own budget), one for a job stream', async () => {
    const bob = await ApiUser.register(pod.url, 'bob');
    const first = await SseClient.open(pod.url, { token: bob.token });
    try {
      const polls = await Promise.all(
        Array.from({ length: 5 }, () => fetch(`${pod.url}/api/events/poll?wait=0`, { headers: { Authorization: `Bearer ${bob.token}` } })),
      );
      expect(polls.map((poll) => poll.status)).toEqual([200, 200, 200, 200, 200]);
      // The bucket was empty all along: streams of either kind are refused (a job stream before its job is even looked up).
      expect((await refusalOf(SseClient.open(pod.url, { token: bob.token }))).status).toBe(503);
      const jobStream = await refusalOf(SseClient.open(pod.url, { token: bob.token, path: `/api/jobs/${randomUUID()}/events` }));
      expect(jobStream.status).toBe(503);
      expect(jobStream.body.message).toMatch(/opening as many streams as it can/);
    } finally {
      first.close();
    }
  });
});

describe('admission by connect rate against a flood without a valid token', () => {
  let pod: TestApp;

  beforeAll(async () => {
    pod = await startTestApp({ SSE_CONNECT_RATE: '1', SSE_CONNECT_BURST: '1' });
  });

  afterAll(async () => {
    await pod?.close();
  });

  it('answers 401 without spending the connect budget, so a signed-in user still gets the one token', async () => {
    const carol = await ApiUser.register(pod.url, 'carol');
    const forged = `${carol.token.slice(0, carol.token.lastIndexOf('.') + 1)}${'A'.repeat(43)}`;
    const flood = await Promise.all([
      ...Array.from({ length: 10 }, () => refusalOf(SseClient.open(pod.url, {}))),
      ...Array.from({ length: 10 }, () => refusalOf(SseClient.open(pod.url, { token: forged }))),
    ]);
    expect(flood.map((refusal) => refusal.status)).toEqual(Array.from({ length: 20 }, () => 401));
    const stream = await SseClient.open(pod.url, { token: carol.token });
    try {
      await stream.waitForType('stream.ready');
      expect(stream.response.statusCode).toBe(200);
    } finally {
      stream.close();
    }
  });
});

/** Opens a stream the way the app does after a refusal: wait what Retry-After says, then try again. */
async function openHonouringRetryAfter(url: string, token: string, attempts: number): Promise<{ client: SseClient; tries: number }> {
  for (let tries = 1; ; tries++) {
    try {
      return { client: await SseClient.open(url, { token }), tries };
    } catch (error) {
      if (!(error instanceof SseRefusedError) || error.status !== 503 || tries >= attempts) {
        throw error;
      }
      const retryAfterSeconds = Number(error.headers['retry-after']);
      await new Promise((resolve) => setTimeout(resolve, retryAfterSeconds * 1000));
    }
  }
}
