import type { EventEnvelope, EventMap } from '../../contracts/events';
import { MessagesRepository } from '../src/chat/messages.repository';
import { EventBus } from '../src/events/event-bus';
import { PresenceStore } from '../src/presence/presence.store';
import { ApiUser } from './support/api';
import { errorOf } from './support/http';
import { type RedisServer, startRedis } from './support/redis-server';
import { holdNextOpening } from './support/opening-gate';
import { SseClient, openingStatus } from './support/sse-client';
import { useTwoPods } from './support/two-pods';
import { startTestApp, type TestApp } from './support/test-app';

const modes: Array<[string, boolean]> = [
  ['memory', false],
  ['redis', true],
];

const INVITES_PER_HOUR = 5;

type Envelope<T extends keyof EventMap> = EventEnvelope<T>;

const dataOf = <T extends keyof EventMap>(client: SseClient, type: T): Array<Envelope<T>['data']> =>
  client.ofType(type).map((event) => (event.envelope as Envelope<T>).data);

const channelsOf = (client: SseClient, type: string): string[] => client.ofType(type).map((event) => event.envelope.channel);

async function eventually<T>(attempt: () => Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) {
      return result;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out: ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The stream carries nothing more of the board: a ping sent after the board's latest note comes back
 * as a pong, and on the pod's one ordered Redis subscription (or in process) the note would have come first.
 */
async function assertCarriesNoMore(client: SseClient, user: ApiUser): Promise<void> {
  const pongs = client.ofType('pong').length;
  await user.api.post('/api/events/ping').send({ clientTime: Date.now() }).expect(204);
  await client.waitForType('pong', pongs + 1);
  expect(client.ofType('note.created')).toEqual([]);
  expect(client.isEnded).toBe(false);
}

describe.each(modes)('board membership (%s mode)', (_mode, useRedis) => {
  let redis: RedisServer | undefined;
  let pod: TestApp;
  const streams: SseClient[] = [];

  const open = async (user: ApiUser, channels: string[], url = pod.url): Promise<SseClient> => {
    const client = await SseClient.open(url, { token: user.token, channels });
    streams.push(client);
    await client.waitForType('stream.ready');
    return client;
  };

  /** Owner and member, both watching the board; the owner has seen the member arrive. */
  const boardWithMember = async () => {
    const owner = await ApiUser.register(pod.url, 'owner');
    const member = await ApiUser.register(pod.url, 'member');
    const board = await owner.createBoard('URGENT: your account is locked, visit evil.example');
    await owner.addMember(board.id, member);
    const channel = `board:${board.id}`;
    const ownerStream = await open(owner, [channel]);
    const memberStream = await open(member, [channel]);
    await ownerStream.waitFor(
      (events) => events.some((e) => e.type === 'presence.joined' && (e.envelope as Envelope<'presence.joined'>).data.userId === member.id),
      'the member to be present',
    );
    return { owner, member, board, channel, ownerStream, memberStream };
  };

  beforeAll(async () => {
    redis = useRedis ? await startRedis() : undefined;
    pod = await startTestApp({ REDIS_URL: redis?.url, INVITE_RATE_LIMIT: String(INVITES_PER_HOUR) });
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

  it('lets an invited member leave: their streams drop the board at once, the others see them leave', async () => {
    const { owner, member, board, channel, ownerStream, memberStream } = await boardWithMember();

    const started = Date.now();
    await member.api.delete(`/api/boards/${board.id}/members/me`).expect(204);
    await memberStream.waitForType('channel.revoked');
    const revokedAfter = Date.now() - started;
    await ownerStream.waitFor((events) => events.some((e) => e.type === 'presence.left'), 'presence.left on the board');
    const leftAfter = Date.now() - started;

    expect(dataOf(memberStream, 'channel.revoked')).toEqual([{ channel, reason: 'left' }]);
    expect(revokedAfter).toBeLessThan(1000);
    // No grace period (PRESENCE_GRACE_MS is 5 s): nobody can come back to a board they left.
    expect(leftAfter).toBeLessThan(2000);
    expect(dataOf(ownerStream, 'presence.left')).toEqual([{ userId: member.id }]);
    const removed = { boardId: board.id, userId: member.id, reason: 'left' };
    expect(dataOf(ownerStream, 'board.member_removed')).toEqual([removed]);
    // The member learns it on their own channel, not on the board they no longer read.
    await memberStream.waitForType('board.member_removed');
    expect(channelsOf(memberStream, 'board.member_removed')).toEqual([`user:${member.id}`]);

    await owner.createNote(board.id, 'after they left');
    await ownerStream.waitForType('note.created');
    await assertCarriesNoMore(memberStream, member);

    const list = (await member.api.get('/api/boards').expect(200)).body as Array<{ id: string }>;
    expect(list.map((b) => b.id)).not.toContain(board.id);
    await member.api.get(`/api/boards/${board.id}`).expect(403);
    await member.api.post(`/api/boards/${board.id}/notes`).send({ text: 'x', x: 1, y: 1, color: 'yellow' }).expect(403);
    expect((await owner.snapshot(board.id)).board.members.map((m) => m.id)).toEqual([owner.id]);
  });

  it('lets the owner remove a member, and nobody else; the owner cannot leave (409) and deletes the board instead', async () => {
    const { owner, member, board, channel, memberStream } = await boardWithMember();
    const third = await ApiUser.register(pod.url, 'third');
    await owner.addMember(board.id, third);

    const byMember = await member.api.delete(`/api/boards/${board.id}/members/${third.id}`).expect(403);
    expect(byMember.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: "Only the board's owner can remove other members",
      code: 'owner_only',
    });
    const ownerLeaves = await owner.api.delete(`/api/boards/${board.id}/members/me`).expect(409);
    expect(errorOf(ownerLeaves).message).toMatch(/delete the board instead/);
    await member.api.delete(`/api/boards/${board.id}/members/${owner.id}`).expect(409);
    await owner.api.delete(`/api/boards/${board.id}/members/not-a-uuid`).expect(400);
    await owner.api.delete(`/api/boards/${board.id}/members/${(await ApiUser.register(pod.url, 'outsider')).id}`).expect(404);

    await owner.api.delete(`/api/boards/${board.id}/members/${member.id}`).expect(204);
    await memberStream.waitForType('channel.revoked');
    expect(dataOf(memberStream, 'channel.revoked')).toEqual([{ channel, reason: 'removed' }]);
    await member.api.delete(`/api/boards/${board.id}/members/me`).expect(403);
    expect((await owner.snapshot(board.id)).board.members.map((m) => m.id)).toEqual([owner.id, third.id]);
  });

  it('re-authorises the board when a stream resumes with a cursor from before the removal (403); the user channel replays the removal', async () => {
    const { owner, member, board, channel, memberStream } = await boardWithMember();
    await owner.createNote(board.id, 'before');
    await memberStream.waitForType('note.created');
    const oldCursor = memberStream.lastId!;
    expect(oldCursor).toContain(channel);

    await owner.api.delete(`/api/boards/${board.id}/members/${member.id}`).expect(204);
    await memberStream.waitForType('channel.revoked');
    // The stream's cursor forgets the channel from the revocation on.
    expect(memberStream.lastId).not.toContain(channel);
    memberStream.close();
    await owner.createNote(board.id, 'while they were away');

    expect(await openingStatus(pod.url, { token: member.token, channels: [channel], lastEventId: oldCursor })).toBe(403);
    expect(
      await openingStatus(pod.url, { token: member.token, channels: [channel], lastEventId: oldCursor, lastEventIdHeader: true }),
    ).toBe(403);

    // Reconnecting as the app would after channel.revoked: without the board, same old cursor.
    const resumed = await SseClient.open(pod.url, { token: member.token, lastEventId: oldCursor });
    streams.push(resumed);
    await resumed.waitForType('board.member_removed');
    expect(dataOf(resumed, 'board.member_removed')).toEqual([{ boardId: board.id, userId: member.id, reason: 'removed' }]);
    expect(resumed.ofType('note.created')).toEqual([]);
    expect(resumed.ofType('stream.ready')[0].envelope.data).toEqual(expect.objectContaining({ channels: [`user:${member.id}`] }));
  });

  it('drops the board from a stream that was authorised before the removal and opened after it', async () => {
    const owner = await ApiUser.register(pod.url, 'owner');
    const member = await ApiUser.register(pod.url, 'member');
    const board = await owner.createBoard();
    await owner.addMember(board.id, member);
    const channel = `board:${board.id}`;
    const gate = holdNextOpening(pod.app.get(EventBus));
    try {
      const opening = SseClient.open(pod.url, { token: member.token, channels: [channel] });
      await gate.inside;
      await owner.api.delete(`/api/boards/${board.id}/members/${member.id}`).expect(204);
      gate.release();
      const client = await opening;
      streams.push(client);
      await client.waitForType('channel.revoked');
      expect(dataOf(client, 'channel.revoked')).toEqual([{ channel, reason: 'removed' }]);
      await owner.createNote(board.id, 'not for you');
      await assertCarriesNoMore(client, member);
    } finally {
      gate.release();
    }
  });

  it("deleting a board (owner only) drops it from every member's streams and purges its chat and presence", async () => {
    const { owner, member, board, channel, ownerStream, memberStream } = await boardWithMember();
    await member.api.post(`/api/boards/${board.id}/messages`).send({ content: 'click evil.example' }).expect(201);
    await owner.api.post(`/api/boards/${board.id}/cursor`).send({ x: 1, y: 2 }).expect(204);
    await member.api.delete(`/api/boards/${board.id}`).expect(403);

    await owner.api.delete(`/api/boards/${board.id}`).expect(204);
    // On the board channel, and stored on each member's own channel, which boards lists follow.
    await Promise.all(
      [ownerStream, memberStream].flatMap((client) => [client.waitForType('channel.revoked'), client.waitForType('board.deleted', 2)]),
    );
    for (const [client, user] of [
      [ownerStream, owner],
      [memberStream, member],
    ] as const) {
      expect(dataOf(client, 'board.deleted')).toEqual([{ boardId: board.id }, { boardId: board.id }]);
      expect(client.ofType('board.deleted').map((event) => event.envelope.channel)).toEqual([channel, `user:${user.id}`]);
      expect(dataOf(client, 'channel.revoked')).toEqual([{ channel, reason: 'board_deleted' }]);
      expect(client.isEnded).toBe(false);
    }
    await assertCarriesNoMore(memberStream, member);

    await expect(pod.app.get(MessagesRepository).page(channel, undefined, 10)).resolves.toEqual([]);
    await eventually(
      async () => ((await pod.app.get(PresenceStore).list(board.id)).length === 0 ? true : undefined),
      'presence to be purged',
    );
    await owner.api.get(`/api/boards/${board.id}/presence`).expect(404);
    expect(await openingStatus(pod.url, { token: owner.token, channels: [channel] })).toBe(403);
  });

  it('limits invitations per user per hour with 429 and Retry-After', async () => {
    const owner = await ApiUser.register(pod.url, 'spammer');
    const board = await owner.createBoard();
    for (let i = 0; i < INVITES_PER_HOUR; i++) {
      await owner.invite(board.id, (await ApiUser.register(pod.url, 'target')).username);
    }
    const refusedInvite = await owner.api
      .post(`/api/boards/${board.id}/members`)
      .send({ username: (await ApiUser.register(pod.url, 'target')).username })
      .expect(429);
    expect(Number(refusedInvite.headers['retry-after'])).toBeGreaterThan(60);
    // Another user's budget is their own.
    const other = await ApiUser.register(pod.url, 'other');
    const otherBoard = await other.createBoard();
    await other.addMember(otherBoard.id, owner);
  });
});

describe('board membership across two pods on one Redis', () => {
  const pods = useTwoPods();

  const open = async (url: string, user: ApiUser, channels: string[]): Promise<SseClient> => {
    const client = await SseClient.open(url, { token: user.token, channels });
    pods.streams.push(client);
    await client.waitForType('stream.ready');
    return client;
  };

  it('removing a member on pod A takes the board off their streams on pod B within a second, and they show as left', async () => {
    const owner = await ApiUser.register(pods.a.url, 'owner');
    const member = (await ApiUser.register(pods.a.url, 'member')).on(pods.b.url);
    const board = await owner.createBoard();
    await owner.addMember(board.id, member);
    const channel = `board:${board.id}`;
    const ownerOnA = await open(pods.a.url, owner, [channel]);
    const memberTabs = [await open(pods.b.url, member, [channel]), await open(pods.b.url, member, [channel])];
    await ownerOnA.waitForType('presence.joined', 2);

    const started = Date.now();
    await owner.api.delete(`/api/boards/${board.id}/members/${member.id}`).expect(204);
    await Promise.all(memberTabs.map((tab) => tab.waitForType('channel.revoked')));
    const revokedAfter = Date.now() - started;
    await ownerOnA.waitFor((events) => events.some((e) => e.type === 'presence.left'), 'presence.left');
    const leftAfter = Date.now() - started;

    expect(revokedAfter).toBeLessThan(1000);
    expect(leftAfter).toBeLessThan(2000);
    for (const tab of memberTabs) {
      expect(dataOf(tab, 'channel.revoked')).toEqual([{ channel, reason: 'removed' }]);
    }
    expect(dataOf(ownerOnA, 'presence.left')).toEqual([{ userId: member.id }]);

    await owner.createNote(board.id, 'not for you');
    await ownerOnA.waitForType('note.created');
    for (const tab of memberTabs) {
      await assertCarriesNoMore(tab, member);
    }
    expect(await openingStatus(pods.b.url, { token: member.token, channels: [channel], lastEventId: memberTabs[0].lastId })).toBe(403);
  });

  it("deleting a board on pod B drops it from members' streams on pod A", async () => {
    const owner = (await ApiUser.register(pods.a.url, 'owner')).on(pods.b.url);
    const member = await ApiUser.register(pods.a.url, 'member');
    const board = await owner.createBoard();
    await owner.addMember(board.id, member);
    const channel = `board:${board.id}`;
    const memberOnA = await open(pods.a.url, member, [channel]);
    await owner.api.delete(`/api/boards/${board.id}`).expect(204);
    await memberOnA.waitForType('channel.revoked', 1, 1000);
    expect(dataOf(memberOnA, 'channel.revoked')).toEqual([{ channel, reason: 'board_deleted' }]);
    await memberOnA.waitForType('board.deleted', 2);
    expect(memberOnA.ofType('board.deleted').map((event) => event.envelope.channel)).toEqual([channel, `user:${member.id}`]);
  });
});
