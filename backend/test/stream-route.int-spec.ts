import { expect } from '@jest/globals';
import http, { type IncomingHttpHeaders } from 'node:http';
import { SESSION_COOKIE } from '../../contracts/api';
import { ApiUser } from './support/api';
import { startTestApp, type TestApp } from './support/test-app';

/** One answer, as a client sees it: the status, the headers and the body up to the first event. */
interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function fetchAnswer(base: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${base}${path}`, { headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
        // A stream never ends by itself: its first event is all that is compared.
        if (body.includes('\n\n', body.indexOf('event:'))) {
          request.destroy();
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
        }
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.setTimeout(5000, () => request.destroy(new Error(`no answer to ${path}`)));
  });
}

/** What may differ between two answers to the same request: the time, and what Express adds to JSON bodies. */
function comparable(answer: Answer): { status: number; headers: Record<string, unknown>; body: string } {
  const { date: _date, etag: _etag, ...headers } = answer.headers;
  return {
    status: answer.status,
    headers,
    // The stream's first event names a fresh connection, the time and the channels' heads, which
    // the first stream's own presence event moves on: compare its shape.
    body: answer.body
      .replace(/"connectionId":"[^"]+"/, '"connectionId":"…"')
      .replace(/"timestamp":"[^"]+"/, '"timestamp":"…"')
      .replace(/:\d+-\d+(?=,|\n)/g, ':…'),
  };
}

describe('GET /api/events ahead of Express (stream-route.ts)', () => {
  let pod: TestApp;
  let alice: ApiUser;
  let boardId: string;

  beforeAll(async () => {
    pod = await startTestApp({ SSE_MAX_CONNECTIONS_PER_USER: '50' });
    alice = await ApiUser.register(pod.url, 'alice');
    boardId = (await alice.createBoard('route')).id;
  });

  afterAll(async () => {
    await pod?.close();
  });

  // `/api/events/` (trailing slash) is left to Express, where the @Sse() route serves it:
  // every answer of the fast route must be the answer Nest gives.
  const cases: Array<[string, (user: ApiUser) => { query: string; headers: Record<string, string> }]> = [
    ['a stream', (user) => ({ query: '', headers: { authorization: `Bearer ${user.token}` } })],
    ['a stream with a board', (user) => ({ query: `?channel=board:${boardId}`, headers: { authorization: `Bearer ${user.token}` } })],
    ['a stream by cookie', (user) => ({ query: '', headers: { cookie: `${SESSION_COOKIE}=${user.token}` } })],
    ['no token (401)', () => ({ query: '', headers: {} })],
    ['a forged token (401)', () => ({ query: '', headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.AAAA' } })],
    ['a foreign board (403)', (user) => ({ query: '?channel=board:not-mine', headers: { authorization: `Bearer ${user.token}` } })],
    ['a repeated cursor (400)', (user) => ({ query: '?lastEventId=a&lastEventId=b', headers: { authorization: `Bearer ${user.token}` } })],
    [
      'an oversized cursor (400)',
      (user) => ({ query: `?lastEventId=${'x'.repeat(9000)}`, headers: { authorization: `Bearer ${user.token}` } }),
    ],
  ];

  it.each(cases)('answers %s exactly as the @Sse() route does', async (_name, make) => {
    const { query, headers } = make(alice);
    const fast = await fetchAnswer(pod.url, `/api/events${query}`, headers);
    const nest = await fetchAnswer(pod.url, `/api/events/${query}`, headers);
    expect(comparable(fast)).toEqual(comparable(nest));
  });

  it('sends the security headers and the stream headers with a stream', async () => {
    const answer = await fetchAnswer(pod.url, '/api/events', { authorization: `Bearer ${alice.token}` });
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({
      'content-type': 'text/event-stream',
      'cache-control': expect.stringContaining('no-transform') as unknown,
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
      'content-security-policy': expect.stringContaining("default-src 'none'") as unknown,
    });
    expect(answer.body).toMatch(/^\nevent: stream\.ready\nid: user:/);
  });

  it('leaves other methods to Express', async () => {
    const answer = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        `${pod.url}/api/events`,
        { method: 'DELETE', headers: { authorization: `Bearer ${alice.token}` } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(answer).toBe(404);
  });
});

describe('GET /api/events across origins', () => {
  let pod: TestApp;
  let alice: ApiUser;

  beforeAll(async () => {
    pod = await startTestApp({ CORS_ORIGINS: 'https://app.example' });
    alice = await ApiUser.register(pod.url, 'alice');
  });

  afterAll(async () => {
    await pod?.close();
  });

  it('carries the CORS headers an allowed origin needs', async () => {
    const answer = await fetchAnswer(pod.url, '/api/events', { authorization: `Bearer ${alice.token}`, origin: 'https://app.example' });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(answer.headers['access-control-allow-credentials']).toBe('true');
    expect(answer.body).toContain('event: stream.ready');
  });
});
