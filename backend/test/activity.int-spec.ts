import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { ActivityEntry, ActivityPage } from '../../contracts/boards';
import { ActivityRepository } from '../src/activity/activity.repository';
import { ApiUser } from './support/api';
import { errorOf } from './support/http';
import { type RedisServer, startRedis } from './support/redis-server';
import { startTestApp, type TestApp } from './support/test-app';
import { useTwoPods } from './support/two-pods';

const modes: Array<[string, boolean]> = [
  ['memory', false],
  ['redis', true],
];

describe.each(modes)('the activity feed (%s mode)', (_mode, useRedis) => {
  let redis: RedisServer | undefined;
  let pod: TestApp;
  let owner: ApiUser;
  let member: ApiUser;
  let stranger: ApiUser;

  const page = async (user: ApiUser, boardId: string, query = ''): Promise<ActivityPage> =>
    (await user.api.get(`/api/boards/${boardId}/activity${query}`).expect(200)).body as ActivityPage;

  /** The feed is written right after each event is stored, without holding up the write: wait for it. */
  const feedOnceItHas = async (user: ApiUser, boardId: string, count: number): Promise<ActivityEntry[]> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { entries } = await page(user, boardId, '?limit=100');
      if (entries.length >= count || Date.now() > deadline) {
        return entries;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
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

  afterAll(async () => {
    await pod?.close();
    await redis?.stop();
  });

  it('lists who created, edited, moved, recoloured, deleted and restored notes, newest first', async () => {
    const board = await owner.createBoard('Feed');
    await owner.addMember(board.id, member);
    const note = await member.createNote(board.id, 'Keep the daily short');
    const notes = `/api/boards/${board.id}/notes/${note.id}`;
    await member.api.patch(notes).send({ text: 'Keep the daily to 15 minutes' }).expect(200);
    await owner.api.patch(notes).send({ x: 400, y: 300 }).expect(200);
    await owner.api.patch(notes).send({ color: 'green' }).expect(200);
    await member.api.delete(notes).expect(204);
    await owner.api.post(`/api/boards/${board.id}/trash/${note.id}/restore`).expect(201);

    const entries = await feedOnceItHas(member, board.id, 7);
    const noteId = note.id;
    expect(entries.slice(0, 6).map(({ kind, actorId, noteId: id, noteText }) => ({ kind, actorId, noteId: id, noteText }))).toEqual([
      { kind: 'note.restored', actorId: owner.id, noteId, noteText: 'Keep the daily to 15 minutes' },
      { kind: 'note.deleted', actorId: member.id, noteId, noteText: 'Keep the daily to 15 minutes' },
      { kind: 'note.recolored', actorId: owner.id, noteId, noteText: 'Keep the daily to 15 minutes' },
      { kind: 'note.moved', actorId: owner.id, noteId, noteText: 'Keep the daily to 15 minutes' },
      { kind: 'note.edited', actorId: member.id, noteId, noteText: 'Keep the daily to 15 minutes' },
      { kind: 'note.created', actorId: member.id, noteId, noteText: 'Keep the daily short' },
    ]);
    // Who caused a join (the inviter or the invitee accepting) is the roles module's business.
    expect(entries[6]).toEqual(expect.objectContaining({ kind: 'member.joined', boardId: board.id, userId: member.id }));
    expect(entries.every((entry) => /^\d+-\d+$/.test(entry.id) && !Number.isNaN(Date.parse(entry.at)))).toBe(true);
  });

  it('makes one entry of a drag: many moves of one note by one user', async () => {
    const board = await owner.createBoard('Drag');
    const note = await owner.createNote(board.id, 'Drag me');
    for (let x = 10; x <= 100; x += 10) {
      await owner.api.patch(`/api/boards/${board.id}/notes/${note.id}`).send({ x }).expect(200);
    }
    await owner.createNote(board.id, 'Marker');
    const entries = await feedOnceItHas(owner, board.id, 3);
    expect(entries.map((entry) => entry.kind)).toEqual(['note.created', 'note.moved', 'note.created']);
  });

  it('pages with before and limit, and says where the next page starts', async () => {
    const board = await owner.createBoard('Pages');
    for (let index = 0; index < 5; index++) {
      await owner.createNote(board.id, `note ${index}`);
    }
    const all = await feedOnceItHas(owner, board.id, 5);
    expect(all.map((entry) => entry.noteText)).toEqual(['note 4', 'note 3', 'note 2', 'note 1', 'note 0']);
    const first = await page(owner, board.id, '?limit=2');
    expect(first).toEqual({ entries: all.slice(0, 2), nextBefore: all[1].id });
    const second = await page(owner, board.id, `?limit=2&before=${first.nextBefore}`);
    expect(second).toEqual({ entries: all.slice(2, 4), nextBefore: all[3].id });
    await expect(page(owner, board.id, `?limit=2&before=${second.nextBefore}`)).resolves.toEqual({ entries: all.slice(4) });
  });

  it('answers 400 for a bad before or limit, 403 to strangers and 404 for unknown boards', async () => {
    const board = await owner.createBoard('Guarded');
    for (const query of ['?before=yesterday', '?before=1-2-3', '?limit=0', '?limit=101', '?limit=ten']) {
      const response = await owner.api.get(`/api/boards/${board.id}/activity${query}`).expect(400);
      expect(errorOf(response).statusCode).toBe(400);
    }
    await stranger.api.get(`/api/boards/${board.id}/activity`).expect(403);
    await owner.api.get(`/api/boards/${randomUUID()}/activity`).expect(404);
    await owner.api.get('/api/boards/not-a-board/activity').expect(400);
  });

  it("forgets a deleted board's feed", async () => {
    const board = await owner.createBoard('Gone');
    await owner.createNote(board.id);
    await feedOnceItHas(owner, board.id, 1);
    await owner.api.delete(`/api/boards/${board.id}`).expect(204);
    await owner.api.get(`/api/boards/${board.id}/activity`).expect(404);
    await expect(pod.app.get(ActivityRepository).page(board.id, undefined, 10)).resolves.toEqual({ entries: [] });
  });
});

describe('the activity feed across two pods', () => {
  const pods = useTwoPods({ env: { WRITE_RATE_LIMIT: '1000' } });

  it('records each event once, whichever pod it was written through', async () => {
    const alice = await ApiUser.register(pods.a.url, 'alice');
    const onB = alice.on(pods.b.url);
    const board = await alice.createBoard('Two pods');
    const notes = await Promise.all(
      Array.from({ length: 6 }, (_, index) => (index % 2 === 0 ? alice : onB).createNote(board.id, `note ${index}`)),
    );
    await alice.api.delete(`/api/boards/${board.id}/notes/${notes[0].id}`).expect(204);
    await onB.api.post(`/api/boards/${board.id}/trash/${notes[0].id}/restore`).expect(201);

    const deadline = Date.now() + 10_000;
    let entries: ActivityEntry[] = [];
    while (entries.length < 8 && Date.now() < deadline) {
      entries = ((await onB.api.get(`/api/boards/${board.id}/activity`).expect(200)).body as ActivityPage).entries;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(entries.map((entry) => entry.kind).sort()).toEqual(
      [...Array<string>(6).fill('note.created'), 'note.deleted', 'note.restored'].sort(),
    );
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(8);
    const fromA = ((await alice.api.get(`/api/boards/${board.id}/activity`).expect(200)).body as ActivityPage).entries;
    expect(fromA).toEqual(entries);
  });
});
