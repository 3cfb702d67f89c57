import Redis from 'ioredis';
import request from 'supertest';
import type { Board, Note } from '../../contracts/boards';
import type { EventEnvelope, EventMap } from '../../contracts/events';
import type { TimerState, VoteState, VoteView } from '../../contracts/facilitation';
import { ApiUser } from './support/api';
import { errorOf } from './support/http';
import { type PodProcess, startPodProcess } from './support/pod-process';
import { type RedisServer, startRedis } from './support/redis-server';
import { SseClient } from './support/sse-client';
import { useTwoPods } from './support/two-pods';

const dataOf = <T extends keyof EventMap>(client: SseClient, type: T): Array<EventEnvelope<T>['data']> =>
  client.ofType(type).map((event) => (event.envelope as EventEnvelope<T>).data);

const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((total, dots) => total + dots, 0);

describe('dot voting and the timer, over two pods on one Redis', () => {
  const pods = useTwoPods({ env: { WRITE_RATE_LIMIT: '100000' } });

  const open = async (user: ApiUser, boardId: string, url = pods.a.url): Promise<SseClient> => {
    const client = pods.track(await SseClient.open(url, { token: user.token, channels: [`board:${boardId}`] }));
    await client.waitForType('stream.ready');
    return client;
  };

  /** A board with an owner, an editor and two notes; the editor talks to pod B. */
  const meeting = async (): Promise<{ owner: ApiUser; editor: ApiUser; board: Board; notes: Note[] }> => {
    const owner = await ApiUser.register(pods.a.url, 'owner');
    const editor = (await ApiUser.register(pods.a.url, 'editor')).on(pods.b.url);
    const board = await owner.createBoard('Retro');
    await owner.addMember(board.id, editor);
    const notes = [await owner.createNote(board.id, 'went well'), await owner.createNote(board.id, 'to improve')];
    return { owner, editor, board, notes };
  };

  describe('dot voting', () => {
    it('never lets one member place more than their dots, even with 20 requests racing over two pods', async () => {
      const { owner, editor, board, notes } = await meeting();
      const ownStream = await open(editor, board.id, pods.b.url);
      await owner.api.post(`/api/boards/${board.id}/vote`).send({ dotsPerUser: 5 }).expect(201);

      const onA = editor.on(pods.a.url);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          (n % 2 === 0 ? editor : onA).api.post(`/api/boards/${board.id}/vote/dots`).send({ noteId: notes[n % 2].id }),
        ),
      );
      expect(answers.filter((answer) => answer.status === 201)).toHaveLength(5);
      const refused = answers.filter((answer) => answer.status !== 201);
      expect(refused.map((answer) => answer.status)).toEqual(Array(15).fill(409));
      expect(refused[0].body).toEqual(
        expect.objectContaining({
          message: 'You have placed all your 5 dots: take one back first',
          reason: 'no_dots_left',
          dotsPerUser: 5,
        }),
      );

      // Both pods read the same state, and it agrees with itself.
      const [fromA, fromB] = await Promise.all(
        [onA, editor].map(async (user) => ((await user.api.get(`/api/boards/${board.id}/vote`).expect(200)).body as VoteState).vote!),
      );
      expect(fromA).toEqual(fromB);
      expect(sum(fromA.myDots)).toBe(5);
      expect(fromA.results).toEqual(fromA.myDots);
      expect(fromA).toEqual(expect.objectContaining({ totalDots: 5, voters: 1, revision: 6 }));

      // The member's own tabs end on the same dots, by revision.
      await ownStream.waitForType('vote.my_dots', 5);
      const latest = dataOf(ownStream, 'vote.my_dots').reduce((a, b) => (b.revision > a.revision ? b : a));
      expect(latest).toEqual({ boardId: board.id, voteId: fromA.id, revision: 6, myDots: fromA.myDots });
      expect(ownStream.ofType('vote.my_dots').every((event) => event.envelope.channel === `user:${editor.id}`)).toBe(true);
    });

    it('shows others only totals while an anonymous vote runs, and reveals the results to all at once', async () => {
      const { owner, editor, board, notes } = await meeting();
      const otherStream = await open(editor, board.id, pods.b.url);
      const started = (await owner.api.post(`/api/boards/${board.id}/vote`).send({ dotsPerUser: 3, anonymous: true }).expect(201))
        .body as VoteView;
      expect(started.results).toBeUndefined();

      await owner.api.post(`/api/boards/${board.id}/vote/dots`).send({ noteId: notes[0].id }).expect(201);
      const mine = (await owner.api.post(`/api/boards/${board.id}/vote/dots`).send({ noteId: notes[1].id }).expect(201)).body as VoteView;
      expect(mine.myDots).toEqual({ [notes[0].id]: 1, [notes[1].id]: 1 });
      expect(mine.results).toBeUndefined();

      await otherStream.waitForType('vote.dots_changed', 2);
      for (const event of otherStream.ofType('vote.dots_changed')) {
        const data = JSON.parse(event.raw) as { data: Record<string, unknown> };
        expect(Object.keys(data.data).sort()).toEqual(['boardId', 'revision', 'totalDots', 'voteId', 'voters']);
        expect(event.raw).not.toContain(notes[0].id);
        expect(event.raw).not.toContain(notes[1].id);
      }
      expect(dataOf(otherStream, 'vote.dots_changed').map((data) => data.totalDots)).toEqual([1, 2]);
      // The owner's dots go to the owner's channel only.
      expect(otherStream.ofType('vote.my_dots')).toEqual([]);

      const seenByOther = ((await editor.api.get(`/api/boards/${board.id}/vote`).expect(200)).body as VoteState).vote!;
      expect(seenByOther.results).toBeUndefined();
      expect(seenByOther).toEqual(expect.objectContaining({ myDots: {}, totalDots: 2, voters: 1, anonymous: true }));

      const ended = (await owner.api.post(`/api/boards/${board.id}/vote/end`).expect(200)).body as VoteView;
      const results = { [notes[0].id]: 1, [notes[1].id]: 1 };
      expect(ended).toEqual(expect.objectContaining({ status: 'ended', results, myDots: results }));
      await otherStream.waitForType('vote.ended');
      expect(dataOf(otherStream, 'vote.ended')[0].vote).toEqual(expect.objectContaining({ status: 'ended', results, myDots: {} }));
      expect(((await editor.api.get(`/api/boards/${board.id}/vote`).expect(200)).body as VoteState).vote?.results).toEqual(results);
    });

    it('shows everyone who dotted which note in a named vote, and lets members take dots back', async () => {
      const { owner, editor, board, notes } = await meeting();
      const ownerStream = await open(owner, board.id);
      await owner.api.post(`/api/boards/${board.id}/vote`).send({ dotsPerUser: 2 }).expect(201);
      await editor.api.post(`/api/boards/${board.id}/vote/dots`).send({ noteId: notes[1].id }).expect(201);
      // A retried request (same Idempotency-Key) takes back one dot, not two.
      const retry = (): Promise<{ body: unknown }> =>
        editor.api.delete(`/api/boards/${board.id}/vote/dots/${notes[1].id}`).set('Idempotency-Key', 'take-back-1').expect(200);
      const taken = (await retry()).body as VoteView;
      expect((await retry()).body).toEqual(taken);
      expect(taken).toEqual(expect.objectContaining({ myDots: {}, results: {}, totalDots: 0, voters: 0 }));

      await ownerStream.waitForType('vote.dots_changed', 2);
      expect(dataOf(ownerStream, 'vote.dots_changed')).toEqual([
        expect.objectContaining({ userId: editor.id, noteId: notes[1].id, noteTotal: 1, totalDots: 1, voters: 1 }),
        expect.objectContaining({ userId: editor.id, noteId: notes[1].id, noteTotal: 0, totalDots: 0, voters: 0 }),
      ]);
      const again = await editor.api.delete(`/api/boards/${board.id}/vote/dots/${notes[1].id}`).expect(409);
      expect(errorOf(again).message).toBe('You have no dot on this note');
    });

    it('runs one vote per board, and answers what cannot be done with 404, 409 and 400', async () => {
      const { owner, editor, board, notes } = await meeting();
      const base = `/api/boards/${board.id}/vote`;
      await expect(owner.api.get(base).expect(200)).resolves.toEqual(expect.objectContaining({ body: { vote: null } }));
      expect(errorOf(await owner.api.post(`${base}/dots`).send({ noteId: notes[0].id }).expect(404)).message).toBe(
        'This board has no vote',
      );
      await owner.api.post(`${base}/end`).expect(404);

      await owner.api.post(base).send({ dotsPerUser: 0 }).expect(400);
      await owner.api.post(base).send({ dotsPerUser: 21 }).expect(400);
      await owner.api.post(base).send({ dotsPerUser: 2, anonymous: 'yes' }).expect(400);
      await owner.api.post(base).send({ dotsPerUser: 2, extra: 1 }).expect(400);
      const first = (await owner.api.post(base).send({ dotsPerUser: 2 }).expect(201)).body as VoteView;
      await editor.api.post(base).send({ dotsPerUser: 3 }).expect(409);

      const elsewhere = await owner.createBoard('Another');
      const foreign = await owner.createNote(elsewhere.id, 'not on this board');
      expect(errorOf(await owner.api.post(`${base}/dots`).send({ noteId: foreign.id }).expect(404)).message).toBe('Note not found');
      await owner.api.post(`${base}/dots`).send({ noteId: 'not-a-uuid' }).expect(400);
      await owner.api.delete(`${base}/dots/not-a-uuid`).expect(400);

      await owner.api.post(`${base}/end`).expect(200);
      await owner.api.post(`${base}/end`).expect(409);
      expect(errorOf(await owner.api.post(`${base}/dots`).send({ noteId: notes[0].id }).expect(409)).message).toBe('The vote has ended');

      // An ended vote is replaced by the next one.
      const second = (await editor.api.post(base).send({ dotsPerUser: 3 }).expect(201)).body as VoteView;
      expect(second.id).not.toBe(first.id);
      expect(second.revision).toBeGreaterThan(first.revision);
    });

    it('lets only who started the vote, or the owner, end or clear it; others are 403; strangers see nothing', async () => {
      const { owner, editor, board } = await meeting();
      const third = (await ApiUser.register(pods.a.url, 'third')).on(pods.b.url);
      await owner.addMember(board.id, third);
      const stranger = await ApiUser.register(pods.a.url, 'stranger');
      const watcher = await open(third, board.id, pods.b.url);
      const base = `/api/boards/${board.id}/vote`;

      const vote = (await editor.api.post(base).send({ dotsPerUser: 1 }).expect(201)).body as VoteView;
      expect(errorOf(await third.api.post(`${base}/end`).expect(403)).message).toBe(
        "Only who started the vote, or the board's owner, can end the vote",
      );
      await third.api.delete(base).expect(403);
      await stranger.api.get(base).expect(403);
      await stranger.api.post(base).send({ dotsPerUser: 1 }).expect(403);
      await stranger.api.post(`${base}/end`).expect(403);

      await owner.api.delete(base).expect(204);
      await watcher.waitForType('vote.cleared');
      expect(dataOf(watcher, 'vote.cleared')).toEqual([{ boardId: board.id, voteId: vote.id }]);
      await expect(third.api.get(base).expect(200)).resolves.toEqual(expect.objectContaining({ body: { vote: null } }));
      await owner.api.delete(base).expect(404);

      await editor.api.post(base).send({ dotsPerUser: 1 }).expect(201);
      await editor.api.post(`${base}/end`).expect(200);
      await editor.api.delete(base).expect(204);
    });

    it('lets viewers place dots but not start, end or clear a vote', async () => {
      const { owner, board, notes } = await meeting();
      const viewer = (await ApiUser.register(pods.a.url, 'viewer')).on(pods.b.url);
      await owner.addMember(board.id, viewer, 'viewer');
      const base = `/api/boards/${board.id}/vote`;

      await viewer.api.post(base).send({ dotsPerUser: 2 }).expect(403);
      await owner.api.post(base).send({ dotsPerUser: 2 }).expect(201);
      const placed = (await viewer.api.post(`${base}/dots`).send({ noteId: notes[0].id }).expect(201)).body as VoteView;
      expect(placed.myDots).toEqual({ [notes[0].id]: 1 });
      await viewer.api.delete(`${base}/dots/${notes[0].id}`).expect(200);
      await viewer.api.post(`${base}/end`).expect(403);
      await viewer.api.delete(base).expect(403);
    });
  });

  it('forgets the board’s vote and timer when the board is deleted', async () => {
    const { owner, board, notes } = await meeting();
    await owner.api.post(`/api/boards/${board.id}/vote`).send({ dotsPerUser: 2 }).expect(201);
    await owner.api.post(`/api/boards/${board.id}/vote/dots`).send({ noteId: notes[0].id }).expect(201);
    await owner.api.post(`/api/boards/${board.id}/timer`).send({ action: 'start', durationMs: 60_000 }).expect(200);
    const redis = new Redis(pods.redis.url);
    try {
      const keys = (): Promise<string[]> =>
        redis.keys(`*{${board.id}}*`).then((found) => found.filter((key) => /^(votes|timer):/.test(key)));
      expect((await keys()).sort()).toEqual(
        [
          `timer:{${board.id}}`,
          `votes:{${board.id}}`,
          `votes:{${board.id}}:mine`,
          `votes:{${board.id}}:results`,
          `votes:{${board.id}}:revision`,
        ].sort(),
      );
      await owner.api.delete(`/api/boards/${board.id}`).expect(204);
      expect(await keys()).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  it('documents every voting and timer endpoint, with its errors, on the OpenAPI page', async () => {
    const docs = (await request(pods.a.url).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const operations = {
      '/api/boards/{boardId}/vote': ['get', 'post', 'delete'],
      '/api/boards/{boardId}/vote/dots': ['post'],
      '/api/boards/{boardId}/vote/dots/{noteId}': ['delete'],
      '/api/boards/{boardId}/vote/end': ['post'],
      '/api/boards/{boardId}/timer': ['get', 'post'],
    };
    for (const [path, methods] of Object.entries(operations)) {
      expect(Object.keys(docs.paths[path] ?? {}).sort()).toEqual([...methods].sort());
      for (const method of methods) {
        expect(Object.keys(docs.paths[path][method].responses)).toEqual(expect.arrayContaining(['401', '403', '404']));
      }
    }
  });

  describe('the shared timer', () => {
    it('starts, pauses, resumes, extends and resets, each on the board with the server’s clock', async () => {
      const { owner, editor, board } = await meeting();
      const watcher = await open(owner, board.id);
      const base = `/api/boards/${board.id}/timer`;

      const idle = (await editor.api.get(base).expect(200)).body as TimerState;
      expect(idle.timer).toEqual({ status: 'idle', durationMs: 300_000, remainingMs: 300_000, updatedBy: null, revision: 0 });

      const before = Date.now();
      const started = (await editor.api.post(base).send({ action: 'start', durationMs: 60_000 }).expect(200)).body as TimerState;
      const after = Date.now();
      expect(started.timer).toEqual(expect.objectContaining({ status: 'running', durationMs: 60_000, updatedBy: editor.id, revision: 1 }));
      const endsAt = Date.parse(started.timer.endsAt!);
      expect(endsAt).toBeGreaterThanOrEqual(before + 60_000);
      expect(endsAt).toBeLessThanOrEqual(after + 60_000);
      // The server's clock says how far the end is, whatever the client's clock says.
      expect(endsAt - Date.parse(started.serverTime)).toBe(60_000);

      const paused = (await owner.api.post(base).send({ action: 'pause' }).expect(200)).body as TimerState;
      expect(paused.timer.status).toBe('paused');
      expect(paused.timer.endsAt).toBeUndefined();
      expect(paused.timer.remainingMs).toBe(endsAt - Date.parse(paused.serverTime));
      expect((await owner.api.post(base).send({ action: 'pause' }).expect(409)).body).toEqual(
        expect.objectContaining({ message: 'The timer is not running', status: 'paused' }),
      );

      const extended = (await owner.api.post(base).send({ action: 'extend', byMs: 30_000 }).expect(200)).body as TimerState;
      expect(extended.timer.remainingMs).toBe(paused.timer.remainingMs + 30_000);
      const resumed = (await owner.api.post(base).send({ action: 'resume' }).expect(200)).body as TimerState;
      expect(Date.parse(resumed.timer.endsAt!) - Date.parse(resumed.serverTime)).toBe(extended.timer.remainingMs);
      await owner.api.post(base).send({ action: 'resume' }).expect(409);
      await owner.api
        .post(base)
        .send({ action: 'extend', byMs: -3 * 3600_000 })
        .expect(409);

      const reset = (await owner.api.post(base).send({ action: 'reset' }).expect(200)).body as TimerState;
      expect(reset.timer).toEqual({ status: 'idle', durationMs: 60_000, remainingMs: 60_000, updatedBy: owner.id, revision: 5 });

      await watcher.waitForType('timer.updated', 5);
      const events = dataOf(watcher, 'timer.updated');
      expect(events.map((event) => event.timer.status)).toEqual(['running', 'paused', 'paused', 'running', 'idle']);
      expect(events[0]).toEqual({ ...started, boardId: board.id });
      expect(events.every((event) => typeof event.serverTime === 'string')).toBe(true);
      expect((await editor.api.get(base).expect(200)).body).toEqual(expect.objectContaining({ timer: reset.timer }));
    });

    it('refuses bad commands with field messages, and anyone but members', async () => {
      const { owner, board } = await meeting();
      const stranger = await ApiUser.register(pods.a.url, 'stranger');
      const base = `/api/boards/${board.id}/timer`;
      for (const body of [
        { action: 'start' },
        { action: 'start', durationMs: 1000 },
        { action: 'start', durationMs: 5 * 3600_000 },
        { action: 'start', durationMs: 60_000.5 },
        { action: 'pause', durationMs: 60_000 },
        { action: 'extend' },
        { action: 'extend', byMs: 0 },
        { action: 'reset', byMs: 1000 },
        { action: 'explode' },
        {},
      ]) {
        const answer = await owner.api.post(base).send(body);
        expect([answer.status, body]).toEqual([400, body]);
      }
      await stranger.api.get(base).expect(403);
      await stranger.api.post(base).send({ action: 'reset' }).expect(403);
      await owner.api.get('/api/boards/00000000-0000-4000-8000-000000000000/timer').expect(404);
    });

    it('lets viewers watch the timer but not command it', async () => {
      const { owner, board } = await meeting();
      const viewer = (await ApiUser.register(pods.a.url, 'viewer')).on(pods.b.url);
      await owner.addMember(board.id, viewer, 'viewer');
      await viewer.api.post(`/api/boards/${board.id}/timer`).send({ action: 'start', durationMs: 60_000 }).expect(403);
      await viewer.api.get(`/api/boards/${board.id}/timer`).expect(200);
    });
  });
});

describe('the timer and a vote across a pod restart', () => {
  let redis: RedisServer;
  const pods: PodProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterAll(async () => {
    for (const pod of pods) {
      pod.child.kill('SIGKILL');
      await pod.exited;
    }
    await redis?.stop();
  });

  it('reads the same running timer and the same vote from a new pod after the first one was killed', async () => {
    const first = await startPodProcess({ REDIS_URL: redis.url });
    pods.push(first);
    const owner = await ApiUser.register(first.url, 'owner');
    const board = await owner.createBoard('Retro');
    const note = await owner.createNote(board.id, 'keep');
    const started = (await owner.api.post(`/api/boards/${board.id}/timer`).send({ action: 'start', durationMs: 600_000 }).expect(200))
      .body as TimerState;
    await owner.api.post(`/api/boards/${board.id}/vote`).send({ dotsPerUser: 3, anonymous: true }).expect(201);
    const voted = (await owner.api.post(`/api/boards/${board.id}/vote/dots`).send({ noteId: note.id }).expect(201)).body as VoteView;

    first.child.kill('SIGKILL');
    await first.exited;
    const second = await startPodProcess({ REDIS_URL: redis.url });
    pods.push(second);
    const again = owner.on(second.url);

    const timer = (await again.api.get(`/api/boards/${board.id}/timer`).expect(200)).body as TimerState;
    expect(timer.timer).toEqual(expect.objectContaining({ status: 'running', endsAt: started.timer.endsAt, revision: 1 }));
    expect(timer.timer.remainingMs).toBe(Date.parse(started.timer.endsAt!) - Date.parse(timer.serverTime));
    const vote = ((await again.api.get(`/api/boards/${board.id}/vote`).expect(200)).body as VoteState).vote;
    expect(vote).toEqual(voted);
    // The vote goes on where it stood: two dots left.
    await again.api.post(`/api/boards/${board.id}/vote/dots`).send({ noteId: note.id }).expect(201);
    await again.api.post(`/api/boards/${board.id}/vote/dots`).send({ noteId: note.id }).expect(201);
    await again.api.post(`/api/boards/${board.id}/vote/dots`).send({ noteId: note.id }).expect(409);
  });
});
