import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Note } from '../../contracts/boards';
import { ApiUser } from './support/api';
import { errorOf } from './support/http';
import { type RedisServer, startRedis } from './support/redis-server';
import { SseClient } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';

const modes: Array<[string, boolean]> = [
  ['memory', false],
  ['redis', true],
];

describe.each(modes)('boards and notes (%s mode)', (_mode, useRedis) => {
  let redis: RedisServer | undefined;
  let pod: TestApp;
  let owner: ApiUser;
  let member: ApiUser;
  let stranger: ApiUser;
  const streams: SseClient[] = [];

  const stream = async (user: ApiUser, channels: string[], lastEventId?: string): Promise<SseClient> => {
    const client = await SseClient.open(pod.url, { token: user.token, channels, lastEventId });
    streams.push(client);
    await client.waitForType('stream.ready');
    return client;
  };

  beforeAll(async () => {
    redis = useRedis ? await startRedis() : undefined;
    pod = await startTestApp({ REDIS_URL: redis?.url, WRITE_RATE_LIMIT: '1000' });
    [owner, member, stranger] = await Promise.all([
      ApiUser.register(pod.url, 'owner'),
      ApiUser.register(pod.url, 'member'),
      ApiUser.register(pod.url, 'stranger'),
    ]);
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

  it('creates a board owned by the caller and lists it', async () => {
    const board = await owner.createBoard('Sprint retro');
    expect(board).toEqual({
      id: expect.any(String),
      title: 'Sprint retro',
      ownerId: owner.id,
      members: [{ id: owner.id, username: owner.username, displayName: owner.username, role: 'owner' }],
      createdAt: expect.any(String),
    });
    const list = (await owner.api.get('/api/boards').expect(200)).body as Array<{ id: string }>;
    expect(list.map((item) => item.id)).toContain(board.id);
    expect(((await stranger.api.get('/api/boards').expect(200)).body as Array<{ id: string }>).map((item) => item.id)).not.toContain(
      board.id,
    );
  });

  it('invites a member, who joins on accepting: board.member_added on the board, a notification to the invitee', async () => {
    const board = await owner.createBoard('Invites');
    const boardStream = await stream(owner, [`board:${board.id}`]);
    const inviteeStream = await stream(member, []);
    const updated = await owner.addMember(board.id, member);
    expect(updated.members.map((user) => [user.id, user.role])).toEqual([
      [owner.id, 'owner'],
      [member.id, 'editor'],
    ]);
    await boardStream.waitForType('board.member_added');
    expect(boardStream.ofType('board.member_added')[0].envelope).toEqual(
      expect.objectContaining({
        channel: `board:${board.id}`,
        userId: member.id,
        data: { boardId: board.id, member: expect.objectContaining({ id: member.id }), role: 'editor' },
      }),
    );
    await inviteeStream.waitForType('notification');
    expect(inviteeStream.ofType('notification')[0].envelope.data).toEqual(
      expect.objectContaining({
        kind: 'board_invite',
        invitationId: expect.any(String),
        boardId: board.id,
        boardTitle: 'Invites',
        role: 'editor',
        from: expect.objectContaining({ id: owner.id }),
      }),
    );
    // A member is not invited again; only the owner invites; unknown names are 404.
    await owner.api.post(`/api/boards/${board.id}/members`).send({ username: member.username }).expect(409);
    await member.api.post(`/api/boards/${board.id}/members`).send({ username: stranger.username }).expect(403);
    await owner.api.post(`/api/boards/${board.id}/members`).send({ username: 'nobody-by-this-name' }).expect(404);
    expect(boardStream.ofType('board.member_added')).toHaveLength(1);
  });

  it('publishes note.created, note.updated and note.deleted with the actor and clientId', async () => {
    const board = await owner.createBoard();
    await owner.addMember(board.id, member);
    const watcher = await stream(member, [`board:${board.id}`]);

    const created = (
      await owner.api
        .post(`/api/boards/${board.id}/notes`)
        .send({ text: 'Hello', x: 100, y: 200.5, color: 'pink', clientId: 'tmp-1' })
        .expect(201)
    ).body as Note;
    expect(created).toEqual({
      id: expect.any(String),
      boardId: board.id,
      text: 'Hello',
      x: 100,
      y: 200.5,
      color: 'pink',
      version: 1,
      createdBy: owner.id,
      updatedAt: expect.any(String),
    });
    await watcher.waitForType('note.created');
    expect(watcher.ofType('note.created')[0].envelope).toEqual(
      expect.objectContaining({ type: 'note.created', userId: owner.id, data: { note: created, clientId: 'tmp-1' } }),
    );

    const moved = (await member.api.patch(`/api/boards/${board.id}/notes/${created.id}`).send({ x: 300, clientId: 'mv-1' }).expect(200))
      .body as Note;
    expect(moved).toEqual(expect.objectContaining({ x: 300, y: 200.5, text: 'Hello', version: 2 }));
    await watcher.waitForType('note.updated');
    expect(watcher.ofType('note.updated')[0].envelope).toEqual(
      expect.objectContaining({ userId: member.id, data: { note: moved, clientId: 'mv-1', changed: ['x'] } }),
    );

    await owner.api.delete(`/api/boards/${board.id}/notes/${created.id}?clientId=del-1`).expect(204);
    await watcher.waitForType('note.deleted');
    expect(watcher.ofType('note.deleted')[0].envelope.data).toEqual({
      boardId: board.id,
      noteId: created.id,
      clientId: 'del-1',
      noteText: 'Hello',
    });
    await owner.api.delete(`/api/boards/${board.id}/notes/${created.id}`).expect(404);
  });

  it('answers a stale version with 409 and the current note, and loses no update', async () => {
    const board = await owner.createBoard();
    await owner.addMember(board.id, member);
    const note = await owner.createNote(board.id, 'v1');
    await owner.api.patch(`/api/boards/${board.id}/notes/${note.id}`).send({ text: 'owner edit', version: 1 }).expect(200);
    const conflict = await member.api
      .patch(`/api/boards/${board.id}/notes/${note.id}`)
      .send({ text: 'member edit', version: 1 })
      .expect(409);
    expect(conflict.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'Someone else changed this note first',
      code: 'stale_note',
      current: expect.objectContaining({ id: note.id, text: 'owner edit', version: 2 }),
    });
    await member.api.patch(`/api/boards/${board.id}/notes/${note.id}`).send({ text: 'member edit', version: 2 }).expect(200);
    const snapshot = await owner.snapshot(board.id);
    expect(snapshot.notes).toEqual([expect.objectContaining({ text: 'member edit', version: 3 })]);
  });

  it('keeps non-members out of reads, writes and the stream (403), unknown boards 404', async () => {
    const board = await owner.createBoard();
    const note = await owner.createNote(board.id);
    await stranger.api.get(`/api/boards/${board.id}`).expect(403);
    await stranger.api.post(`/api/boards/${board.id}/notes`).send({ text: 'x', x: 1, y: 1, color: 'yellow' }).expect(403);
    await stranger.api.patch(`/api/boards/${board.id}/notes/${note.id}`).send({ x: 5 }).expect(403);
    await stranger.api.delete(`/api/boards/${board.id}/notes/${note.id}`).expect(403);
    await stranger.api.delete(`/api/boards/${board.id}`).expect(403);
    await expect(SseClient.open(pod.url, { token: stranger.token, channels: [`board:${board.id}`] })).rejects.toMatchObject({
      status: 403,
    });
    await owner.api.get(`/api/boards/${randomUUID()}`).expect(404);
    await owner.api.get('/api/boards/not-a-uuid').expect(400);
  });

  it('validates note input with one message per field', async () => {
    const board = await owner.createBoard();
    const bad = await owner.api
      .post(`/api/boards/${board.id}/notes`)
      .send({ text: 'x'.repeat(5001), x: 4001, y: -1, color: 'black', clientId: 'has spaces' })
      .expect(400);
    expect(errorOf(bad).message).toEqual(
      expect.arrayContaining([
        'text must be at most 5000 characters',
        'x must be between 0 and 4000',
        'y must be between 0 and 3000',
        expect.stringMatching(/^color must be one of yellow/),
        expect.stringMatching(/^clientId must be/),
      ]),
    );
    await owner.api.post(`/api/boards/${board.id}/notes`).send({ text: 'x', x: 'NaN', y: 1, color: 'yellow' }).expect(400);
    const note = await owner.createNote(board.id);
    await owner.api.patch(`/api/boards/${board.id}/notes/${note.id}`).send({}).expect(400);
    await owner.api.patch(`/api/boards/${board.id}/notes/${note.id}`).send({ version: 1.5, text: 'a' }).expect(400);
    await owner.api.post('/api/boards').send({ title: '   ' }).expect(400);
  });

  it('holds the cap of 500 notes per board', async () => {
    const board = await owner.createBoard('Full');
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(Array.from({ length: 50 }, () => owner.createNote(board.id)));
    }
    const refused = await owner.api
      .post(`/api/boards/${board.id}/notes`)
      .send({ text: 'one too many', x: 1, y: 1, color: 'yellow' })
      .expect(409);
    expect(errorOf(refused).message).toMatch(/500 notes/);
    expect((await owner.snapshot(board.id)).notes).toHaveLength(500);
  });

  it('deletes a board (owner only) and tells its stream', async () => {
    const board = await owner.createBoard();
    await owner.addMember(board.id, member);
    const watcher = await stream(member, [`board:${board.id}`]);
    await member.api.delete(`/api/boards/${board.id}`).expect(403);
    await owner.api.delete(`/api/boards/${board.id}`).expect(204);
    await watcher.waitForType('board.deleted');
    await member.api.get(`/api/boards/${board.id}`).expect(404);
    await member.api.post(`/api/boards/${board.id}/notes`).send({ text: 'late', x: 1, y: 1, color: 'yellow' }).expect(404);
  });

  it('gives a snapshot whose cursor makes the stream neither miss nor repeat an event', async () => {
    const board = await owner.createBoard();
    await owner.addMember(board.id, member);
    const early = await owner.createNote(board.id, 'before the snapshot');
    const snapshot = await member.snapshot(board.id);
    expect(snapshot.notes.map((note) => note.id)).toEqual([early.id]);
    // Published after the snapshot was taken, before the stream opens:
    const between = await owner.createNote(board.id, 'in between');
    const moved = (await owner.api.patch(`/api/boards/${board.id}/notes/${early.id}`).send({ x: 999 }).expect(200)).body as Note;

    const watcher = await stream(member, [`board:${board.id}`], snapshot.cursor);
    const after = await owner.createNote(board.id, 'after subscribing');
    await watcher.waitFor((events) => events.filter((event) => event.type.startsWith('note.')).length >= 3, 'three note events');

    // Apply like the app does: by version, so nothing counts twice.
    const notes = new Map(snapshot.notes.map((note) => [note.id, note]));
    let applied = 0;
    for (const event of watcher.events) {
      if (event.envelope.type !== 'note.created' && event.envelope.type !== 'note.updated') {
        continue;
      }
      const incoming = event.envelope.data.note;
      const held = notes.get(incoming.id);
      if (held && held.version >= incoming.version) {
        continue;
      }
      notes.set(incoming.id, incoming);
      applied++;
    }
    expect(applied).toBe(3);
    expect(watcher.ofType('reset')).toHaveLength(0);
    expect([...notes.values()].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [{ ...moved }, between, after].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(watcher.events.filter((event) => event.type.startsWith('note.'))).toHaveLength(3);
  });

  it('rate-limits writes per user with 429 and Retry-After', async () => {
    const limited = await startTestApp({ REDIS_URL: redis?.url, WRITE_RATE_LIMIT: '5' });
    try {
      const user = await ApiUser.register(limited.url, 'flood');
      const board = await user.createBoard();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push((await user.api.post(`/api/boards/${board.id}/notes`).send({ text: `${i}`, x: 1, y: 1, color: 'yellow' })).status);
      }
      expect(statuses).toEqual([201, 201, 201, 201, 429, 429]);
      const refused = await user.api.post(`/api/boards/${board.id}/notes`).send({ text: 'x', x: 1, y: 1, color: 'yellow' }).expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused.body).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'Too many requests, slow down',
        code: 'rate_limited',
      });
      // Another user still has their own budget.
      const other = await ApiUser.register(limited.url, 'calm');
      await other.createBoard();
    } finally {
      await limited.close();
    }
  });
});
