import { STATUS_CODES } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { ChatMessage, Conversation } from '../../contracts/chat';
import { ApiUser } from './support/api';
import { badCursor, badPathId, badUsername, badWait, deep, nonNumber, nonString, Prng, tooLong, withControl } from './support/fuzz';
import { type RedisServer, startRedis } from './support/redis-server';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Seeded fuzz run over every write endpoint and the stream: each request carries at least one
 * certain defect, so every answer must be a 4xx in the one error shape, never a 5xx or a success.
 */
const SEED = 0x5eed_c0de;
const WRITE_REQUESTS = 1200;
const STREAM_REQUESTS = 200;
const POLL_REQUESTS = 200;
const CONCURRENCY = 8;

interface Context {
  boardId: string;
  noteId: string;
  conversationId: string;
  messageId: string;
  otherUsername: string;
  otherUserId: string;
}

interface Field {
  name: string;
  required: boolean;
  valid: (ctx: Context, rng: Prng) => unknown;
  bad: (rng: Prng) => unknown;
}

interface Endpoint {
  method: 'POST' | 'PATCH' | 'DELETE';
  /** `:board`, `:note`, `:conversation`, `:job`, `:member` (a non-member) are filled from the context (or made bad). */
  path: string;
  public?: boolean;
  fields: Field[];
}

const req = (name: string, valid: Field['valid'], bad: Field['bad']): Field => ({ name, required: true, valid, bad });
const opt = (name: string, valid: Field['valid'], bad: Field['bad']): Field => ({ name, required: false, valid, bad });
const either =
  (...choices: Array<(rng: Prng) => unknown>) =>
  (rng: Prng) =>
    rng.pick(choices)(rng);
const constant = (value: unknown) => () => value;
const coordinate = either(nonNumber, constant(-1), constant(1e9), constant(4000.5 + 1e6));
const clientId = either(constant('has space'), constant('x'.repeat(65)), nonString, (rng) => withControl(rng, 'cid'));
const role = either(constant('owner'), constant('VIEWER'), nonString);
const messageId = either(constant('abc'), constant('1-'), constant('-1'), nonString, constant(`${'1'.repeat(21)}-0`));
const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
const sdp = either(nonString, constant(''), (rng) => tooLong(rng, 65_536));
const callId = either(constant('abc'), nonString, badPathId);
const deviceId = either(constant('has space'), constant('x'.repeat(65)), nonString, (rng) => withControl(rng, 'tab'));
const content = either(nonString, (rng) => tooLong(rng, 4000), constant('\u0000\u0007 '), constant('   '));

/** Every POST/PATCH/PUT/DELETE route of the controllers, with what a valid body would be. */
const ENDPOINTS: Endpoint[] = [
  {
    method: 'POST',
    path: '/api/auth/register',
    public: true,
    fields: [
      req('username', (_c, rng) => `fz-${rng.string(12)}`, badUsername),
      req(
        'password',
        constant('long enough password'),
        either(nonString, constant('short'), (rng) => tooLong(rng, 128)),
      ),
      opt(
        'displayName',
        constant('Fuzz'),
        either(
          nonString,
          constant(''),
          (rng) => tooLong(rng, 64),
          (rng) => withControl(rng, 'display'),
        ),
      ),
    ],
  },
  {
    method: 'POST',
    path: '/api/auth/login',
    public: true,
    fields: [
      req(
        'username',
        constant('nobody-here'),
        either(
          nonString,
          constant(''),
          (rng) => tooLong(rng, 64),
          (rng) => withControl(rng, 'user'),
        ),
      ),
      req(
        'password',
        constant('whatever'),
        either(nonString, constant(''), (rng) => tooLong(rng, 128)),
      ),
    ],
  },
  { method: 'POST', path: '/api/auth/logout', public: true, fields: [] },
  { method: 'POST', path: '/api/auth/refresh', fields: [] },
  { method: 'POST', path: '/api/auth/logout-all', fields: [] },
  {
    method: 'PATCH',
    path: '/api/auth/me/preferences',
    fields: [
      req(
        'locale',
        constant('de'),
        either(nonString, constant(''), constant('fr'), constant('DE'), (rng) => tooLong(rng, 16)),
      ),
    ],
  },
  {
    method: 'POST',
    path: '/api/boards',
    fields: [
      req(
        'title',
        constant('Fuzz board'),
        either(
          nonString,
          constant('   '),
          (rng) => tooLong(rng, 100),
          (rng) => withControl(rng, 'title'),
        ),
      ),
    ],
  },
  { method: 'DELETE', path: '/api/boards/:board', fields: [] },
  { method: 'DELETE', path: '/api/boards/:board/members/me', fields: [] },
  { method: 'DELETE', path: '/api/boards/:board/members/:member', fields: [] },
  {
    method: 'POST',
    path: '/api/boards/:board/members',
    fields: [req('username', (ctx) => ctx.otherUsername, badUsername), opt('role', constant('viewer'), role)],
  },
  { method: 'PATCH', path: '/api/boards/:board/members/:member', fields: [req('role', constant('viewer'), role)] },
  {
    method: 'POST',
    path: '/api/boards/:board/owner',
    fields: [req('userId', (ctx) => ctx.otherUserId, either(constant('me'), nonString, badPathId))],
  },
  {
    method: 'POST',
    path: '/api/boards/:board/invite-links',
    fields: [
      req('role', constant('viewer'), role),
      req('expiresIn', constant(3600), either(nonNumber, constant(59), constant(2_592_001), constant(60.5))),
      opt('maxUses', constant(5), either(nonNumber, constant(0), constant(1001), constant(1.5))),
    ],
  },
  {
    method: 'POST',
    path: '/api/boards/:board/notes',
    fields: [
      req(
        'text',
        constant('note'),
        either(nonString, (rng) => tooLong(rng, 5000)),
      ),
      req('x', constant(10), coordinate),
      req('y', constant(10), coordinate),
      req('color', constant('yellow'), either(constant('red'), constant('YELLOW'), nonString)),
      opt('clientId', constant('c-1'), clientId),
    ],
  },
  {
    method: 'PATCH',
    path: '/api/boards/:board/notes/:note',
    fields: [
      opt(
        'text',
        constant('edited'),
        either(nonString, (rng) => tooLong(rng, 5000)),
      ),
      opt('x', constant(5), coordinate),
      opt('y', constant(5), coordinate),
      opt('color', constant('blue'), either(constant('red'), nonString)),
      opt('version', constant(1), either(constant(0), constant(-1), constant(1.5), constant('1'), constant([]), constant({}))),
      opt('clientId', constant('c-2'), clientId),
    ],
  },
  { method: 'DELETE', path: '/api/boards/:board/notes/:note', fields: [] },
  {
    method: 'POST',
    path: '/api/boards/:board/messages',
    fields: [req('content', constant('hi'), content), opt('clientId', constant('m-1'), clientId)],
  },
  { method: 'POST', path: '/api/boards/:board/typing', fields: [] },
  { method: 'POST', path: '/api/boards/:board/read', fields: [req('messageId', (ctx) => ctx.messageId, messageId)] },
  { method: 'POST', path: '/api/boards/:board/cursor', fields: [req('x', constant(1), coordinate), req('y', constant(1), coordinate)] },
  {
    method: 'POST',
    path: '/api/boards/:board/vote',
    fields: [
      req('dotsPerUser', constant(3), either(nonNumber, constant(0), constant(21), constant(2.5), constant(null))),
      opt('anonymous', constant(true), either(constant('yes'), constant('true'), constant(1), constant([]))),
    ],
  },
  { method: 'POST', path: '/api/boards/:board/vote/dots', fields: [req('noteId', (ctx) => ctx.noteId, either(nonString, badPathId))] },
  { method: 'DELETE', path: '/api/boards/:board/vote/dots/:note', fields: [] },
  { method: 'POST', path: '/api/boards/:board/vote/end', fields: [] },
  { method: 'DELETE', path: '/api/boards/:board/vote', fields: [] },
  {
    method: 'POST',
    path: '/api/boards/:board/timer',
    fields: [
      req('action', constant('start'), either(constant('explode'), constant('START'), nonString)),
      req('durationMs', constant(60_000), either(nonNumber, constant(4_999), constant(4 * 3600_000 + 1), constant(60_000.5))),
    ],
  },
  {
    method: 'POST',
    path: '/api/presence/status',
    fields: [req('status', constant('away'), either(constant('sleeping'), constant('AWAY'), nonString))],
  },
  {
    method: 'POST',
    path: '/api/conversations',
    fields: [
      req(
        'usernames',
        (ctx) => [ctx.otherUsername],
        either(
          constant([]),
          constant('abc'),
          (rng) => [badUsername(rng)],
          (rng) => Array.from({ length: 20 }, () => `u-${rng.string(8)}`),
          nonString,
        ),
      ),
    ],
  },
  {
    method: 'POST',
    path: '/api/conversations/:conversation/messages',
    fields: [req('content', constant('hi'), content), opt('clientId', constant('m-2'), clientId)],
  },
  { method: 'POST', path: '/api/conversations/:conversation/typing', fields: [] },
  { method: 'POST', path: '/api/conversations/:conversation/read', fields: [req('messageId', (ctx) => ctx.messageId, messageId)] },
  {
    method: 'POST',
    path: '/api/notifications/read',
    fields: [
      opt(
        'ids',
        constant([]),
        either(
          constant('x'),
          constant([1]),
          constant(['nope']),
          (rng) => Array.from({ length: 101 }, () => rng.uuid()),
          constant({}),
          constant(true),
        ),
      ),
    ],
  },
  {
    method: 'POST',
    path: '/api/jobs',
    fields: [
      req('type', constant('board.export'), either(constant('board.import'), constant(''), nonString)),
      req(
        'params',
        constant({ format: 'json' }),
        either(
          constant('x'),
          constant([]),
          constant(null),
          constant({ format: 'pdf' }),
          constant({ boardId: 'x', format: 'json' }),
          constant({ format: 'json', extra: 1 }),
          (rng) => deep(5, { format: 'json' }, rng.next() < 0.5),
        ),
      ),
    ],
  },
  {
    method: 'POST',
    path: '/api/calls/offer',
    fields: [
      req('calleeId', (ctx) => ctx.otherUserId, either(constant('me'), nonString, badPathId)),
      req('media', constant('audio'), either(constant('screen'), nonString)),
      req('sdp', constant(SDP), sdp),
      opt('deviceId', (_ctx, rng) => rng.uuid(), deviceId),
    ],
  },
  {
    method: 'POST',
    path: '/api/calls/answer',
    fields: [
      req('callId', (_ctx, rng) => rng.uuid(), callId),
      req('sdp', constant(SDP), sdp),
      req('deviceId', (_ctx, rng) => rng.uuid(), deviceId),
    ],
  },
  {
    method: 'POST',
    path: '/api/calls/ice-candidate',
    fields: [
      req('callId', (_ctx, rng) => rng.uuid(), callId),
      req(
        'candidates',
        constant([{ candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 }]),
        either(nonString, constant(Array.from({ length: 51 }, () => ({}))), constant([{ sdpMLineIndex: -1 }]), constant(['x'])),
      ),
      opt('deviceId', (_ctx, rng) => rng.uuid(), deviceId),
    ],
  },
  { method: 'POST', path: '/api/calls/decline', fields: [req('callId', (_ctx, rng) => rng.uuid(), callId)] },
  { method: 'POST', path: '/api/calls/end', fields: [req('callId', (_ctx, rng) => rng.uuid(), callId)] },
  { method: 'POST', path: '/api/jobs/import?boardId=:board', fields: [] },
  { method: 'DELETE', path: '/api/jobs/:job', fields: [] },
  {
    method: 'POST',
    path: '/api/events/ping',
    fields: [req('clientTime', constant(1), either(nonNumber, constant(null), constant(-1), constant(2 ** 60)))],
  },
];

type Defect = 'field' | 'missing' | 'extra' | 'transport' | 'auth' | 'path' | 'content-type';

interface Planned {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

function defectsOf(endpoint: Endpoint): Defect[] {
  const defects: Defect[] = ['transport'];
  if (endpoint.fields.length > 0) {
    defects.push('field', 'field', 'field', 'extra');
  }
  if (endpoint.fields.some((field) => field.required)) {
    defects.push('missing', 'content-type');
  }
  if (!endpoint.public) {
    defects.push('auth');
  }
  if (endpoint.path.includes(':')) {
    defects.push('path');
  }
  return defects;
}

function fillPath(template: string, ctx: Context, rng: Prng, breakIt: boolean): string {
  const params = template.match(/:[a-z]+/g) ?? [];
  const broken = breakIt ? rng.pick(params) : undefined;
  const valid: Record<string, string> = {
    ':board': ctx.boardId,
    ':note': ctx.noteId,
    ':conversation': ctx.conversationId,
    ':job': rng.uuid(),
    ':member': ctx.otherUserId,
  };
  return template.replace(/:[a-z]+/g, (param) => (param === broken ? (rng.next() < 0.7 ? badPathId(rng) : rng.uuid()) : valid[param]));
}

function transportDefect(rng: Prng, body: Record<string, unknown>): Pick<Planned, 'body' | 'headers'> & { what: string } {
  const json = { 'Content-Type': 'application/json' };
  const field = Object.keys(body)[0] ?? 'value';
  return rng.pick<() => Pick<Planned, 'body' | 'headers'> & { what: string }>([
    () => ({
      what: 'invalid JSON',
      headers: json,
      body: rng.pick(['{"a":', "{'a':1}", '{"a":1}}', 'NaN', '\u0000', '{"a":tru}', '{"a":"\\ud800"']),
    }),
    () => ({ what: 'non-object JSON', headers: json, body: rng.pick(['[]', '[{"a":1}]', '"text"', '42', 'null', 'true']) }),
    () => ({
      what: 'deep nesting',
      headers: json,
      body: JSON.stringify({ ...body, [field]: deep(9 + rng.int(3000), 'x', rng.next() < 0.5) }),
    }),
    () => ({ what: 'deep top level', headers: json, body: JSON.stringify(deep(9 + rng.int(3000), {}, rng.next() < 0.5)) }),
    () => ({
      what: 'prototype key',
      headers: json,
      body: rng.pick([
        `{"__proto__":{"admin":true},"${field}":1}`,
        '{"constructor":{"prototype":{"admin":true}}}',
        `{"${field}":{"prototype":1}}`,
      ]),
    }),
    () => ({ what: 'oversize', headers: json, body: JSON.stringify({ ...body, [field]: 'x'.repeat(70_000 + rng.int(10_000)) }) }),
    () => ({
      what: 'bad gzip',
      headers: { ...json, 'Content-Encoding': rng.pick(['gzip', 'deflate']) },
      body: Buffer.from(rng.string(30)),
    }),
    () => ({
      what: 'truncated gzip',
      headers: { ...json, 'Content-Encoding': 'gzip' },
      body: gzipSync(JSON.stringify(body)).subarray(0, 12),
    }),
    () => ({
      what: 'unknown encoding',
      headers: { ...json, 'Content-Encoding': rng.pick(['compress', 'zstd-x', 'gzip, gzip, gzip', 'x'.repeat(100)]) },
      body: JSON.stringify(body),
    }),
  ])();
}

function plan(rng: Prng, ctx: Context, tokens: string[], cookie: string): Planned {
  const endpoint = rng.pick(ENDPOINTS);
  const defect = rng.pick(defectsOf(endpoint));
  const body: Record<string, unknown> = {};
  for (const field of endpoint.fields) {
    if (field.required || rng.next() < 0.5) {
      body[field.name] = field.valid(ctx, rng);
    }
  }
  let headers: Record<string, string> = { 'Content-Type': 'application/json' };
  let raw: string | Buffer | undefined;
  let what: string = defect;

  if (defect === 'field') {
    const field = rng.pick(endpoint.fields);
    body[field.name] = field.bad(rng);
    what = `bad ${field.name}`;
  } else if (defect === 'missing') {
    const field = rng.pick(endpoint.fields.filter((candidate) => candidate.required));
    delete body[field.name];
    what = `no ${field.name}`;
  } else if (defect === 'extra') {
    const key = rng.pick(['role', 'isAdmin', 'id', 'ownerId', 'userId', rng.string(6)]);
    body[key] = rng.pick<unknown>([true, 'admin', 1, { a: 1 }]);
    what = `extra ${key}`;
  } else if (defect === 'transport') {
    const broken = transportDefect(rng, body);
    headers = broken.headers;
    raw = broken.body;
    what = broken.what;
  } else if (defect === 'content-type') {
    headers = {
      'Content-Type': rng.pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=zz',
        'application/xml',
        '',
        'application/json; charset=latin1',
      ]),
    };
    raw = rng.pick([JSON.stringify(body), 'a=1&b=2', '--zz\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--zz', '<x/>']);
    what = `content-type ${headers['Content-Type'] || '(empty)'}`;
  }

  const auth: Record<string, string> = {};
  if (defect === 'auth') {
    const alg = Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url');
    const claims = Buffer.from('{"sub":"x","exp":99999999999}').toString('base64url');
    Object.assign(
      auth,
      rng.pick<Record<string, string>>([
        {},
        { Authorization: 'Bearer garbage' },
        { Authorization: `Bearer ${alg}.${claims}.` },
        { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
        { Authorization: `Bearer ${'x'.repeat(5000)}` },
        { Cookie: 'cb_session=garbage' },
        { Cookie: cookie }, // a real session cookie without our Origin: a cross-site write
        { Cookie: cookie, Origin: 'https://evil.example' },
      ]),
    );
    what = `auth ${Object.keys(auth).join('+') || 'none'}`;
  } else if (!endpoint.public) {
    auth.Authorization = `Bearer ${rng.pick(tokens)}`;
  }
  if (rng.next() < 0.1) {
    auth['X-Forwarded-For'] = rng.pick(['garbage', '::ffff:1.2.3.4', '1.1.1.1, 2.2.2.2', rng.string(200)]);
  }

  const path = fillPath(endpoint.path, ctx, rng, defect === 'path');
  return {
    label: `${endpoint.method} ${endpoint.path} [${what}]`,
    method: endpoint.method,
    path,
    headers: { ...headers, ...auth },
    body: raw ?? JSON.stringify(body),
  };
}

/** The other stream endpoint: one job's events, with bad or foreign job ids and bad auth. */
function planJobStream(rng: Prng, tokens: string[]): Planned {
  const id = rng.next() < 0.5 ? badPathId(rng) : rng.uuid();
  const headers: Record<string, string> = {
    Accept: 'text/event-stream',
    Authorization: rng.next() < 0.2 ? 'Bearer garbage' : `Bearer ${rng.pick(tokens)}`,
  };
  if (rng.next() < 0.3) {
    headers['Last-Event-ID'] = badCursor(rng);
  }
  return { label: 'GET /api/jobs/:job/events', method: 'GET', path: `/api/jobs/${id}/events`, headers };
}

function planStream(rng: Prng, ctx: Context, tokens: string[]): Planned {
  if (rng.next() < 0.15) {
    return planJobStream(rng, tokens);
  }
  const bad = rng.pick<() => string[]>([
    () => ['board:'],
    () => ['nokind'],
    () => [`board:${'x'.repeat(65)}`],
    () => [`unknown:${rng.string(8)}`],
    () => [`board:${rng.uuid()}`],
    () => [`user:${ctx.otherUserId}`],
    () => [`conversation:${rng.uuid()}`],
    () => ['board:a b', 'board:%00', 'board:\u202e'],
    () => Array.from({ length: 33 + rng.int(10) }, () => `board:${rng.uuid()}`),
    () => [`board:${ctx.boardId},board:${ctx.boardId}`],
    () => ['__proto__', 'constructor:x'],
  ])();
  const channels = [...(rng.next() < 0.5 ? [`board:${ctx.boardId}`] : []), ...bad];
  const query = new URLSearchParams();
  for (const channel of channels) {
    query.append('channel', channel);
  }
  const headers: Record<string, string> = { Accept: 'text/event-stream' };
  if (rng.next() < 0.3) {
    query.set('lastEventId', badCursor(rng));
  }
  if (rng.next() < 0.3) {
    headers['Last-Event-ID'] = badCursor(rng);
  }
  let what = `channels ${bad.slice(0, 2).join(' ').slice(0, 40)}`;
  if (rng.next() < 0.15) {
    headers.Authorization = rng.pick(['Bearer garbage', 'Basic eA==', '']);
    what += ' + bad auth';
  } else {
    headers.Authorization = `Bearer ${rng.pick(tokens)}`;
  }
  return { label: `GET /api/events [${what}]`, method: 'GET', path: `/api/events?${query.toString()}`, headers };
}

/**
 * The long poll: its query (channels, cursor, wait) made bad one part at a time, the others
 * valid, so each request is refused for that part (a well-formed poll would be held and answered 200).
 */
function planPoll(rng: Prng, ctx: Context, tokens: string[]): Planned {
  const query = new URLSearchParams();
  const headers: Record<string, string> = { Authorization: `Bearer ${rng.pick(tokens)}` };
  if (rng.next() < 0.5) {
    query.append('channel', `board:${ctx.boardId}`);
  }
  const defect = rng.pick(['channel', 'wait', 'wait', 'cursor', 'auth'] as const);
  let what: string = defect;
  if (defect === 'channel') {
    const channel = rng.pick([
      'board:',
      'nokind',
      `board:${'x'.repeat(65)}`,
      `board:${rng.uuid()}`,
      `user:${ctx.otherUserId}`,
      `conversation:${rng.uuid()}`,
      'board:\u202e',
      '__proto__',
    ]);
    query.append('channel', channel);
    what = `channel ${channel.slice(0, 30)}`;
  } else if (defect === 'wait') {
    for (const wait of badWait(rng)) {
      query.append('wait', wait);
    }
  } else if (defect === 'cursor') {
    // Readable or not, a cursor once and within 8192 characters is answered (with a reset): only these are refused.
    if (rng.next() < 0.5) {
      query.set('cursor', 'x'.repeat(8193 + rng.int(100)));
    } else {
      query.append('cursor', badCursor(rng));
      query.append('cursor', badCursor(rng));
    }
  } else {
    headers.Authorization = rng.pick(['Bearer garbage', 'Basic eA==', '']);
  }
  // Besides its defect, a good wait (never a hold longer than the fuzz can afford) or none.
  if (defect !== 'wait' && rng.next() < 0.5) {
    query.set('wait', String(rng.int(31)));
  }
  return { label: `GET /api/events/poll [${what}]`, method: 'GET', path: `/api/events/poll?${query.toString()}`, headers };
}

interface Outcome {
  status: number;
  problem?: string;
}

async function send(url: string, request: Planned): Promise<Outcome> {
  const abort = new AbortController();
  const response = await fetch(url + request.path, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: abort.signal,
  });
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    abort.abort();
    return { status: response.status, problem: 'a stream opened' };
  }
  const text = await response.text();
  let body: { statusCode?: unknown; error?: unknown; message?: unknown } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  const status = response.status;
  if (status < 400 || status >= 500) {
    return { status, problem: `status ${status}: ${text.slice(0, 120)}` };
  }
  const messageOk =
    typeof body?.message === 'string' || (Array.isArray(body?.message) && body.message.every((line) => typeof line === 'string'));
  if (body?.statusCode !== status || body.error !== STATUS_CODES[status] || !messageOk) {
    return { status, problem: `not the error shape: ${text.slice(0, 120)}` };
  }
  if (status === 429 && !response.headers.get('retry-after')) {
    return { status, problem: '429 without Retry-After' };
  }
  return { status };
}

async function runAll(url: string, requests: Planned[]): Promise<{ counts: Record<number, number>; problems: string[] }> {
  const counts: Record<number, number> = {};
  const problems: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const request = requests[next++];
      const outcome = await send(url, request).catch((error: unknown) => ({ status: 0, problem: `request failed: ${String(error)}` }));
      counts[outcome.status] = (counts[outcome.status] ?? 0) + 1;
      if (outcome.problem) {
        problems.push(`${request.label} ${request.path.slice(0, 80)}: ${outcome.problem}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { counts, problems };
}

const modes: Array<[string, boolean]> = [
  ['memory', false],
  ['redis', true],
];

describe.each(modes)('fuzz (%s mode)', (mode, useRedis) => {
  let redis: RedisServer | undefined;
  let pod: TestApp;
  let users: ApiUser[];
  let ctx: Context;

  beforeAll(async () => {
    redis = useRedis ? await startRedis() : undefined;
    // Generous write limits, so most requests reach validation instead of a 429.
    pod = await startTestApp({
      REDIS_URL: redis?.url,
      WRITE_RATE_LIMIT: '1000000',
      CHAT_RATE_LIMIT: '1000000',
      LOGIN_RATE_LIMIT: '1000000',
      LOGIN_USERNAME_RATE_LIMIT: '1000000',
    });
    users = await Promise.all(['ann', 'ben', 'cat', 'dan'].map((name) => ApiUser.register(pod.url, `fz-${name}`)));
    const [ann, ...others] = users;
    const board = await ann.createBoard('Fuzzed');
    for (const other of others) {
      await ann.addMember(board.id, other);
    }
    const note = await ann.createNote(board.id);
    const message = (await ann.api.post(`/api/boards/${board.id}/messages`).send({ content: 'hello' }).expect(201)).body as ChatMessage;
    const conversation = (
      await ann.api
        .post('/api/conversations')
        // Plaintext: the message fields fuzzed below are those of unencrypted rooms.
        .send({ usernames: others.map((other) => other.username), encrypted: false })
        .expect(201)
    ).body as Conversation;
    const outsider = await ApiUser.register(pod.url, 'fz-out');
    ctx = {
      boardId: board.id,
      noteId: note.id,
      conversationId: conversation.id,
      messageId: message.id,
      otherUsername: outsider.username,
      otherUserId: outsider.id,
    };
  });

  afterAll(async () => {
    await pod?.close();
    await redis?.stop();
  });

  it(`answers ${WRITE_REQUESTS} hostile writes, ${STREAM_REQUESTS} hostile stream requests and ${POLL_REQUESTS} hostile polls with 4xx errors, then is still healthy`, async () => {
    const rng = new Prng(SEED);
    const tokens = users.map((user) => user.token);
    const requests = [
      ...Array.from({ length: WRITE_REQUESTS }, () => plan(rng, ctx, tokens, users[0].session.cookie)),
      ...Array.from({ length: STREAM_REQUESTS }, () => planStream(rng, ctx, tokens)),
      ...Array.from({ length: POLL_REQUESTS }, () => planPoll(rng, ctx, tokens)),
    ];
    const started = Date.now();
    const { counts, problems } = await runAll(pod.url, requests);
    console.log(
      `fuzz ${mode}: seed 0x${SEED.toString(16)}, ${requests.length} requests in ${Date.now() - started} ms, answers by status ${JSON.stringify(counts)}`,
    );

    expect(problems.slice(0, 25)).toEqual([]);
    expect(Object.keys(counts).every((status) => Number(status) >= 400 && Number(status) < 500)).toBe(true);
    expect((await fetch(`${pod.url}/api/health/ready`)).status).toBe(200);
    // The fuzzed user still works normally.
    await users[0].api.get(`/api/boards/${ctx.boardId}`).expect(200);
  });
});
