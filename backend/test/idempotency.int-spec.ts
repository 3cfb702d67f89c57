import { expect } from '@jest/globals';
import { boardChannel } from '../../contracts/channels';
import type { Note } from '../../contracts/boards';
import { ApiUser } from './support/api';
import { errorOf } from './support/http';
import { type RedisServer, startRedis } from './support/redis-server';
import { SseClient } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';
import { useTwoPods } from './support/two-pods';

const TTL_MS = 1500;
const modes: Array<[string, boolean]> = [
  ['memory', false],
  ['redis', true],
];

const noteBody = (text: string, extra: Record<string, unknown> = {}) => ({ text, x: 10, y: 20, color: 'yellow', ...extra });

describe.each(modes)('idempotent writes (%s mode)', (_mode, useRedis) => {
  let redis: RedisServer | undefined;
  let pod: TestApp;
  let alice: ApiUser;
  let bob: ApiUser;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    redis = useRedis ? await startRedis() : undefined;
    pod = await startTestApp({ REDIS_URL: redis?.url, IDEMPOTENCY_TTL_MS: String(TTL_MS) });
    [alice, bob] = await Promise.all([ApiUser.register(pod.url, 'alice'), ApiUser.register(pod.url, 'bob')]);
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

  const watch = async (boardId: string): Promise<SseClient> => {
    const client = await SseClient.open(pod.url, { token: alice.token, channels: [boardChannel(boardId)] });
    streams.push(client);
    await client.waitForType('stream.ready');
    return client;
  };

  /** Everything published before the marker has reached the stream once the marker has. */
  const settled = async (client: SseClient, boardId: string): Promise<void> => {
    const marker = await alice.createNote(boardId, 'marker');
    await client.waitFor((events) => events.some((event) => event.type === 'note.created' && event.raw.includes(marker.id)), 'the marker');
  };

  it('creates a note once for a retried clientId: one note, one event, the first answer again', async () => {
    const board = await alice.createBoard();
    const stream = await watch(board.id);
    const body = noteBody('once', { clientId: 'retry-1' });
    const first = await alice.api.post(`/api/boards/${board.id}/notes`).send(body).expect(201);
    const retry = await alice.api.post(`/api/boards/${board.id}/notes`).send(body).expect(201);

    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    await settled(stream, board.id);
    expect(stream.ofType('note.created').filter((event) => event.raw.includes((first.body as Note).id))).toHaveLength(1);
    expect((await alice.snapshot(board.id)).notes.filter((note) => note.text === 'once')).toHaveLength(1);
  });

  it('takes an Idempotency-Key header for chat messages, and answers 409 when the key comes back with another body', async () => {
    const board = await alice.createBoard();
    const send = (content: string) =>
      alice.api.post(`/api/boards/${board.id}/messages`).set('Idempotency-Key', 'msg-7f3a').send({ content });
    const first = await send('hello').expect(201);
    const again = await send('hello').expect(201);
    expect(again.body).toEqual(first.body);
    const page = await alice.api.get(`/api/boards/${board.id}/messages`).expect(200);
    expect((page.body as { messages: Array<{ content: string }> }).messages.filter((message) => message.content === 'hello')).toHaveLength(
      1,
    );

    const other = await send('something else').expect(409);
    expect(errorOf(other).message).toMatch(/different request/);
  });

  it('keeps keys per user: the same key from another user is a new request', async () => {
    const [aliceBoard, bobBoard] = await Promise.all([alice.createBoard(), bob.createBoard()]);
    const mine = await alice.api
      .post(`/api/boards/${aliceBoard.id}/notes`)
      .set('Idempotency-Key', 'shared-key')
      .send(noteBody('a'))
      .expect(201);
    const theirs = await bob.api
      .post(`/api/boards/${bobBoard.id}/notes`)
      .set('Idempotency-Key', 'shared-key')
      .send(noteBody('b'))
      .expect(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect((theirs.body as Note).id).not.toBe((mine.body as Note).id);
  });

  it('makes a retried edit and delete safe instead of a 409 or 404', async () => {
    const board = await alice.createBoard();
    const note = await alice.createNote(board.id, 'to edit');
    const edit = { text: 'edited', version: note.version, clientId: 'edit-1' };
    const edited = await alice.api.patch(`/api/boards/${board.id}/notes/${note.id}`).send(edit).expect(200);
    await alice.api.patch(`/api/boards/${board.id}/notes/${note.id}`).send(edit).expect(200, edited.body);
    await alice.api.delete(`/api/boards/${board.id}/notes/${note.id}?clientId=del-1`).expect(204);
    await alice.api.delete(`/api/boards/${board.id}/notes/${note.id}?clientId=del-1`).expect(204);
    // Without a key a second delete is what it always was.
    await alice.api.delete(`/api/boards/${board.id}/notes/${note.id}`).expect(404);
  });

  it('lets a failed attempt be retried under the same key', async () => {
    const board = await alice.createBoard();
    const send = (body: object) => alice.api.post(`/api/boards/${board.id}/notes`).set('Idempotency-Key', 'after-400').send(body);
    await send({ text: 'no position' }).expect(400);
    const fixed = await send(noteBody('fixed')).expect(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses a malformed key with 400 before doing anything', async () => {
    const board = await alice.createBoard();
    const response = await alice.api
      .post(`/api/boards/${board.id}/notes`)
      .set('Idempotency-Key', 'x'.repeat(200))
      .send(noteBody('never'))
      .expect(400);
    expect(errorOf(response).message).toMatch(/Idempotency-Key/);
    expect((await alice.snapshot(board.id)).notes).toEqual([]);
  });

  it('forgets a key after IDEMPOTENCY_TTL_MS', async () => {
    const board = await alice.createBoard();
    const body = noteBody('twice, a while apart', { clientId: 'expiring' });
    await alice.api.post(`/api/boards/${board.id}/notes`).send(body).expect(201);
    // The expiry itself is under test: there is no event to wait for.
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 200));
    const later = await alice.api.post(`/api/boards/${board.id}/notes`).send(body).expect(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect((await alice.snapshot(board.id)).notes).toHaveLength(2);
  });
});

describe('idempotent writes across two pods on one Redis', () => {
  const pods = useTwoPods();

  it('answers a retry on pod B with the note pod A created, when only the first response was lost', async () => {
    const alice = await ApiUser.register(pods.a.url, 'alice');
    const board = await alice.createBoard();
    const body = noteBody('lost response', { clientId: 'cross-pod' });
    const first = await alice.api.post(`/api/boards/${board.id}/notes`).send(body).expect(201);
    const retry = await alice.on(pods.b.url).api.post(`/api/boards/${board.id}/notes`).send(body).expect(201);
    expect(retry.body).toEqual(first.body);
    expect((await alice.snapshot(board.id)).notes.filter((note) => note.text === 'lost response')).toHaveLength(1);
  });
});
