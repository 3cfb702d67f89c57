import { gzipSync } from 'node:zlib';
import request from 'supertest';
import type { Note } from '../../contracts/boards';
import type { ChatMessage } from '../../contracts/chat';
import { ApiUser } from './support/api';
import { errorOf } from './support/http';
import { type RedisServer, startRedis } from './support/redis-server';
import { startTestApp, type TestApp } from './support/test-app';

const modes: Array<[string, boolean]> = [
  ['memory', false],
  ['redis', true],
];

const HOSTILE_NAME = '\u202e\u0000\u0007 evil\r\nX-Injected: 1';

describe.each(modes)('hostile input (%s mode)', (_mode, useRedis) => {
  let redis: RedisServer | undefined;
  let pod: TestApp;
  let ann: ApiUser;

  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${pod.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ann.token}`, ...headers },
      body,
    });

  beforeAll(async () => {
    redis = useRedis ? await startRedis() : undefined;
    pod = await startTestApp({ REDIS_URL: redis?.url });
    ann = await ApiUser.register(pod.url, 'ann');
  });

  afterAll(async () => {
    await pod?.close();
    await redis?.stop();
  });

  it('answers a 3,000-level array sent to login with 400, not 500', async () => {
    const response = await request(pod.url)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(`${'['.repeat(3000)}1${']'.repeat(3000)}`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Request body must be a JSON object',
      code: 'invalid_input',
    });
    const nested = await request(pod.url)
      .post('/api/auth/login')
      .send({ username: JSON.parse(`${'['.repeat(3000)}"x"${']'.repeat(3000)}`) as unknown, password: 'x' });
    expect(nested.status).toBe(400);
    expect(errorOf(nested).message).toBe('Request body is nested more than 8 levels deep');
  });

  it('refuses prototype keys before they reach a DTO', async () => {
    const response = await post('/api/boards', '{"title":"proto","constructor":{"prototype":{"polluted":true}}}');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Request body must not contain the key "constructor"',
      code: 'invalid_input',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers an export job without params with 400 naming params', async () => {
    const response = await ann.api.post('/api/jobs').send({ type: 'board.export' }).expect(400);
    expect(errorOf(response).message).toContain('params must be an object such as {"format": "json"}');
  });

  it('answers a body that fails to decompress with 400, and still reads a good gzip body', async () => {
    const broken = await post('/api/boards', 'not gzip at all', { 'Content-Encoding': 'gzip' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Request body could not be decoded',
      code: 'invalid_input',
    });
    const unknown = await post('/api/boards', '{}', { 'Content-Encoding': 'snappy' });
    expect(unknown.status).toBe(415);
    const good = await post('/api/boards', gzipSync('{"title":"zipped"}'), { 'Content-Encoding': 'gzip' });
    expect(good.status).toBe(201);
  });

  it('refuses control and direction characters in board titles, usernames and display names, naming the field', async () => {
    const title = await ann.api.post('/api/boards').send({ title: HOSTILE_NAME }).expect(400);
    expect(errorOf(title).message).toEqual(['title must not contain control or text-direction characters']);
    const display = await request(pod.url)
      .post('/api/auth/register')
      .send({ username: 'eve-display', password: 'long enough', displayName: 'Eve\u2066gro.live' })
      .expect(400);
    expect(errorOf(display).message).toEqual(['displayName must not contain control or text-direction characters']);
    const login = await request(pod.url)
      .post('/api/auth/login')
      .send({ username: 'eve\r\nX-Injected: 1', password: 'whatever' })
      .expect(400);
    expect(errorOf(login).message).toEqual(['username must not contain control or text-direction characters']);
    await request(pod.url).post('/api/auth/register').send({ username: 'eve\u202e', password: 'long enough' }).expect(400);
    await ann.api.post('/api/boards').send({ title: 'Rétro — Q4 ✨ مرحبا' }).expect(201);
  });

  it('keeps line breaks and tabs in note and chat text and strips other controls', async () => {
    const board = await ann.createBoard();
    const note = await ann.createNote(board.id, 'first\r\nsecond\tcol\u0000\u0007\u001b[2J\u0085');
    expect(note.text).toBe('first\nsecond\tcol[2J');
    const edited = await ann.api.patch(`/api/boards/${board.id}/notes/${note.id}`).send({ text: 'a\u0008b\nc' }).expect(200);
    expect((edited.body as Note).text).toBe('ab\nc');
    const message = (await ann.api.post(`/api/boards/${board.id}/messages`).send({ content: '\u0007 hi\n\tthere \u0000' }).expect(201))
      .body as ChatMessage;
    expect(message.content).toBe('hi\n\tthere');
    await ann.api.post(`/api/boards/${board.id}/messages`).send({ content: '\u0000\u0007' }).expect(400);
  });
});
