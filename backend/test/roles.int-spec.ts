import { afterEach, expect, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Board, BoardInvitation, CreatedInviteLink, InviteLink, InviteLinkPreview, Note } from '../../contracts/boards';
import type { EventEnvelope, EventMap } from '../../contracts/events';
import { MAX_INVITE_LINKS_PER_BOARD } from '../../contracts/boards';
import { Clock } from '../src/common/clock';
import { ApiUser } from './support/api';
import { errorOf } from './support/http';
import { type RedisServer, startRedis } from './support/redis-server';
import { SseClient, openingStatus } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';
import { useTwoPods } from './support/two-pods';

const modes: Array<[string, boolean]> = [
  ['memory', false],
  ['redis', true],
];

const DAY_MS = 24 * 3600 * 1000;

/** Every stream also carries its user's own channel: `channel` picks one. */
const dataOf = <T extends keyof EventMap>(client: SseClient, type: T, channel?: string): Array<EventMap[T]> =>
  client
    .ofType(type)
    .filter((event) => channel === undefined || event.envelope.channel === channel)
    .map((event) => (event.envelope as EventEnvelope<T>).data);

describe.each(modes)('roles, invitations and invite links (%s mode)', (_mode, useRedis) => {
  let redis: RedisServer | undefined;
  let pod: TestApp;
  const streams: SseClient[] = [];

  const open = async (user: ApiUser, channels: string[]): Promise<SseClient> => {
    const client = await SseClient.open(pod.url, { token: user.token, channels });
    streams.push(client);
    await client.waitForType('stream.ready');
    return client;
  };

  const register = (prefix: string): Promise<ApiUser> => ApiUser.register(pod.url, prefix);

  /** Moves the server's clock forward (expiries are decided by it) until the end of the test. */
  const advanceClock = (ms: number): void => {
    const clock = pod.app.get(Clock);
    const real = Date.now.bind(Date);
    jest.spyOn(clock, 'now').mockImplementation(() => real() + ms);
  };

  const createLink = async (owner: ApiUser, boardId: string, body: object): Promise<CreatedInviteLink> =>
    (await owner.api.post(`/api/boards/${boardId}/invite-links`).send(body).expect(201)).body as CreatedInviteLink;

  beforeAll(async () => {
    redis = useRedis ? await startRedis() : undefined;
    pod = await startTestApp({ REDIS_URL: redis?.url, WRITE_RATE_LIMIT: '10000', INVITE_RATE_LIMIT: '10000' });
  });

  afterEach(() => {
    jest.restoreAllMocks();
    for (const client of streams.splice(0)) {
      client.close();
    }
  });

  afterAll(async () => {
    await pod?.close();
    await redis?.stop();
  });

  describe('role enforcement', () => {
    let owner: ApiUser;
    let editor: ApiUser;
    let viewer: ApiUser;
    let board: Board;
    let note: Note;

    beforeAll(async () => {
      [owner, editor, viewer] = await Promise.all([register('owner'), register('editor'), register('viewer')]);
      board = await owner.createBoard('Roles');
      await owner.addMember(board.id, editor, 'editor');
      board = await owner.addMember(board.id, viewer, 'viewer');
      note = await owner.createNote(board.id, 'by the owner');
    });

    it('shows every member with their role', () => {
      expect(board.members.map((member) => [member.id, member.role])).toEqual([
        [owner.id, 'owner'],
        [editor.id, 'editor'],
        [viewer.id, 'viewer'],
      ]);
    });

    it('refuses every note write of a viewer with 403, and imports too', async () => {
      const created = await viewer.api.post(`/api/boards/${board.id}/notes`).send({ text: 'x', x: 1, y: 1, color: 'yellow' }).expect(403);
      expect(errorOf(created).message).toMatch(/Viewers can see this board but not change it/);
      await viewer.api.patch(`/api/boards/${board.id}/notes/${note.id}`).send({ text: 'changed' }).expect(403);
      await viewer.api.delete(`/api/boards/${board.id}/notes/${note.id}`).expect(403);
      await viewer.api
        .post(`/api/jobs/import?boardId=${board.id}`)
        .attach('file', Buffer.from('text,x,y,color\nhi,1,1,yellow\n'), { filename: 'notes.csv', contentType: 'text/csv' })
        .expect(403);
      expect((await owner.snapshot(board.id)).notes).toEqual([note]);
    });

    it('lets a viewer read, stream, chat and export', async () => {
      await expect(viewer.snapshot(board.id)).resolves.toMatchObject({ notes: [note] });
      const stream = await open(viewer, [`board:${board.id}`]);
      expect(stream.isEnded).toBe(false);
      await viewer.api.post(`/api/boards/${board.id}/messages`).send({ content: 'I can talk' }).expect(201);
      await viewer.api
        .post('/api/jobs')
        .send({ type: 'board.export', params: { boardId: board.id, format: 'json' } })
        .expect(202);
    });

    it('lets an editor write notes', async () => {
      const created = await editor.createNote(board.id, 'by the editor');
      await editor.api.patch(`/api/boards/${board.id}/notes/${created.id}`).send({ text: 'edited' }).expect(200);
      await editor.api.delete(`/api/boards/${board.id}/notes/${created.id}`).expect(204);
    });

    it('keeps every owner endpoint from editors and viewers with 403', async () => {
      const invitation = await owner.invite(board.id, (await register('pending')).username);
      const link = await createLink(owner, board.id, { role: 'viewer', expiresIn: 3600 });
      for (const member of [editor, viewer]) {
        const other = member === editor ? viewer : editor;
        await member.api.patch(`/api/boards/${board.id}/members/${other.id}`).send({ role: 'viewer' }).expect(403);
        await member.api.post(`/api/boards/${board.id}/owner`).send({ userId: member.id }).expect(403);
        await member.api.post(`/api/boards/${board.id}/members`).send({ username: owner.username }).expect(403);
        await member.api.get(`/api/boards/${board.id}/invitations`).expect(403);
        await member.api.delete(`/api/boards/${board.id}/invitations/${invitation.id}`).expect(403);
        await member.api.post(`/api/boards/${board.id}/invite-links`).send({ role: 'editor', expiresIn: 3600 }).expect(403);
        await member.api.get(`/api/boards/${board.id}/invite-links`).expect(403);
        await member.api.delete(`/api/boards/${board.id}/invite-links/${link.id}`).expect(403);
      }
      const stranger = await register('stranger');
      await stranger.api.patch(`/api/boards/${board.id}/members/${viewer.id}`).send({ role: 'editor' }).expect(403);
      await stranger.api.get(`/api/boards/${board.id}/invite-links`).expect(403);
      await owner.api.patch(`/api/boards/${randomUUID()}/members/${viewer.id}`).send({ role: 'editor' }).expect(404);
      const after = await owner.snapshot(board.id);
      expect(after.board.ownerId).toBe(owner.id);
      expect(after.board.members.map((member) => member.role)).toEqual(['owner', 'editor', 'viewer']);
    });
  });

  describe('changing roles and ownership', () => {
    it("reaches the member's open stream at once; the viewer's writes are refused, then allowed again", async () => {
      const [owner, member] = await Promise.all([register('owner'), register('member')]);
      const board = await owner.createBoard();
      await owner.addMember(board.id, member);
      const memberStream = await open(member, [`board:${board.id}`, `user:${member.id}`]);

      const demoted = (await owner.api.patch(`/api/boards/${board.id}/members/${member.id}`).send({ role: 'viewer' }).expect(200))
        .body as Board;
      expect(demoted.members.find((user) => user.id === member.id)?.role).toBe('viewer');
      await memberStream.waitForType('board.role_changed', 2);
      const change = { boardId: board.id, userId: member.id, role: 'viewer', ownerId: owner.id };
      expect(dataOf(memberStream, 'board.role_changed')).toEqual([change, change]);
      expect(
        memberStream
          .ofType('board.role_changed')
          .map((event) => event.envelope.channel)
          .sort(),
      ).toEqual([`board:${board.id}`, `user:${member.id}`].sort());
      expect(memberStream.isEnded).toBe(false);
      await member.api.post(`/api/boards/${board.id}/notes`).send({ text: 'x', x: 1, y: 1, color: 'yellow' }).expect(403);

      await owner.api.patch(`/api/boards/${board.id}/members/${member.id}`).send({ role: 'editor' }).expect(200);
      await memberStream.waitForType('board.role_changed', 4);
      await member.createNote(board.id, 'editable again');
    });

    it("refuses the owner's own role (409), non-members (404) and roles that cannot be given (400)", async () => {
      const [owner, member, stranger] = await Promise.all([register('owner'), register('member'), register('stranger')]);
      const board = await owner.createBoard();
      await owner.addMember(board.id, member);
      await owner.api.patch(`/api/boards/${board.id}/members/${owner.id}`).send({ role: 'viewer' }).expect(409);
      await owner.api.patch(`/api/boards/${board.id}/members/${stranger.id}`).send({ role: 'viewer' }).expect(404);
      const invalid = await owner.api.patch(`/api/boards/${board.id}/members/${member.id}`).send({ role: 'owner' }).expect(400);
      expect(errorOf(invalid).message).toEqual(['role must be one of editor, viewer']);
      await owner.api.patch(`/api/boards/${board.id}/members/not-a-uuid`).send({ role: 'viewer' }).expect(400);
    });

    it('hands ownership over: the new owner runs the board, the old one is an editor', async () => {
      const [owner, member, stranger] = await Promise.all([register('owner'), register('member'), register('stranger')]);
      const board = await owner.createBoard();
      await owner.addMember(board.id, member, 'viewer');
      const watcher = await open(owner, [`board:${board.id}`]);

      await owner.api.post(`/api/boards/${board.id}/owner`).send({ userId: stranger.id }).expect(404);
      await owner.api.post(`/api/boards/${board.id}/owner`).send({ userId: owner.id }).expect(409);
      await owner.api.post(`/api/boards/${board.id}/owner`).send({ userId: 'nope' }).expect(400);
      const handed = (await owner.api.post(`/api/boards/${board.id}/owner`).send({ userId: member.id }).expect(200)).body as Board;
      expect(handed.ownerId).toBe(member.id);
      expect(handed.members.map((user) => [user.id, user.role])).toEqual([
        [owner.id, 'editor'],
        [member.id, 'owner'],
      ]);
      await watcher.waitForType('board.role_changed', 3);
      expect(dataOf(watcher, 'board.role_changed', `board:${board.id}`)).toEqual([
        { boardId: board.id, userId: member.id, role: 'owner', ownerId: member.id },
        { boardId: board.id, userId: owner.id, role: 'editor', ownerId: member.id },
      ]);

      await owner.api.patch(`/api/boards/${board.id}/members/${member.id}`).send({ role: 'viewer' }).expect(403);
      await owner.createNote(board.id, 'editors still write');
      await member.api.patch(`/api/boards/${board.id}/members/${owner.id}`).send({ role: 'viewer' }).expect(200);
      await owner.api.delete(`/api/boards/${board.id}/members/me`).expect(204);
    });
  });

  describe('invitations', () => {
    it('are pending until accepted: the invitee gets nothing of the board before, and everything after', async () => {
      const [owner, invitee, stranger] = await Promise.all([register('owner'), register('invitee'), register('stranger')]);
      const board = await owner.createBoard('Offer');
      const channel = `board:${board.id}`;
      const ownerStream = await open(owner, [channel]);
      const inviteeOwn = await open(invitee, [`user:${invitee.id}`]);

      const invitation = await owner.invite(board.id, invitee.username, 'viewer');
      expect(invitation).toEqual({
        id: expect.any(String),
        boardId: board.id,
        boardTitle: 'Offer',
        role: 'viewer',
        invitee: { id: invitee.id, username: invitee.username, displayName: invitee.username },
        invitedBy: { id: owner.id, username: owner.username, displayName: owner.username },
        status: 'pending',
        createdAt: expect.any(String),
      });
      await inviteeOwn.waitForType('notification');
      expect(dataOf(inviteeOwn, 'notification')).toEqual([
        expect.objectContaining({ kind: 'board_invite', invitationId: invitation.id, boardId: board.id, role: 'viewer' }),
      ]);
      await inviteeOwn.waitForType('board.invitation');
      await ownerStream.waitForType('board.invitation');
      expect(dataOf(ownerStream, 'board.invitation')).toEqual([{ invitation }]);

      // Not a member yet: no board, no channel, no list entry.
      await invitee.api.get(`/api/boards/${board.id}`).expect(403);
      expect(await openingStatus(pod.url, { token: invitee.token, channels: [channel] })).toBe(403);
      expect((await invitee.api.get('/api/boards').expect(200)).body).toEqual([]);
      await invitee.api.post(`/api/boards/${board.id}/notes`).send({ text: 'x', x: 1, y: 1, color: 'yellow' }).expect(403);

      expect((await invitee.api.get('/api/invitations').expect(200)).body).toEqual([invitation]);
      expect((await owner.api.get(`/api/boards/${board.id}/invitations`).expect(200)).body).toEqual([invitation]);
      // Inviting again returns the same invitation, with the new role, and notifies no one twice.
      const again = await owner.invite(board.id, invitee.username, 'editor');
      expect(again).toEqual({ ...invitation, role: 'editor' });

      // Only the invitee can answer: for anyone else it does not exist.
      await stranger.api.post(`/api/invitations/${invitation.id}/accept`).expect(404);
      await owner.api.post(`/api/invitations/${invitation.id}/decline`).expect(404);
      await invitee.api.post(`/api/invitations/${randomUUID()}/accept`).expect(404);

      const joined = await invitee.acceptInvitation(invitation.id);
      expect(joined.members.map((user) => [user.id, user.role])).toEqual([
        [owner.id, 'owner'],
        [invitee.id, 'editor'],
      ]);
      await ownerStream.waitForType('board.member_added');
      expect(dataOf(ownerStream, 'board.member_added')).toEqual([
        { boardId: board.id, member: { id: invitee.id, username: invitee.username, displayName: invitee.username }, role: 'editor' },
      ]);
      await inviteeOwn.waitFor(
        () => dataOf(inviteeOwn, 'board.invitation').some(({ invitation: sent }) => sent.status === 'accepted'),
        'the accepted invitation on the invitee channel',
      );
      await invitee.api.post(`/api/invitations/${invitation.id}/accept`).expect(409);
      expect((await invitee.api.get('/api/invitations').expect(200)).body).toEqual([]);
      expect((await owner.api.get(`/api/boards/${board.id}/invitations`).expect(200)).body).toEqual([]);

      const inviteeStream = await open(invitee, [channel]);
      await owner.createNote(board.id, 'welcome');
      await inviteeStream.waitForType('note.created');
      await owner.api.post(`/api/boards/${board.id}/members`).send({ username: invitee.username }).expect(409);
    });

    it('can be declined, or cancelled by the owner: then accepting is a conflict', async () => {
      const [owner, first, second] = await Promise.all([register('owner'), register('first'), register('second')]);
      const board = await owner.createBoard();
      const ownerStream = await open(owner, [`board:${board.id}`]);
      const declined = await owner.invite(board.id, first.username);
      await first.api.post(`/api/invitations/${declined.id}/decline`).expect(204);
      await first.api.post(`/api/invitations/${declined.id}/accept`).expect(409);
      await first.api.post(`/api/invitations/${declined.id}/decline`).expect(409);

      const cancelled = await owner.invite(board.id, second.username);
      const otherBoard = await owner.createBoard();
      await owner.api.delete(`/api/boards/${otherBoard.id}/invitations/${cancelled.id}`).expect(404);
      await owner.api.delete(`/api/boards/${board.id}/invitations/${cancelled.id}`).expect(204);
      await owner.api.delete(`/api/boards/${board.id}/invitations/${cancelled.id}`).expect(409);
      const refused = await second.api.post(`/api/invitations/${cancelled.id}/accept`).expect(409);
      expect(errorOf(refused).message).toBe('This invitation was already cancelled');

      await ownerStream.waitFor(() => dataOf(ownerStream, 'board.invitation').length >= 4, 'four invitation events');
      expect(dataOf(ownerStream, 'board.invitation').map(({ invitation }) => invitation.status)).toEqual([
        'pending',
        'declined',
        'pending',
        'cancelled',
      ]);
      expect((await owner.snapshot(board.id)).board.members.map((user) => user.id)).toEqual([owner.id]);
      // Invited again after declining: a new invitation.
      const renewed = await owner.invite(board.id, first.username);
      expect(renewed.id).not.toBe(declined.id);
      await first.acceptInvitation(renewed.id);
    });

    it(`expire: accepting an old one answers 410, and inviting again makes a new one`, async () => {
      const [owner, invitee] = await Promise.all([register('owner'), register('invitee')]);
      const board = await owner.createBoard();
      const invitation = await owner.invite(board.id, invitee.username);
      advanceClock(31 * DAY_MS);
      await invitee.api.post(`/api/invitations/${invitation.id}/accept`).expect(410);
      expect((await invitee.api.get('/api/invitations').expect(200)).body).toEqual([]);
      const fresh = await owner.invite(board.id, invitee.username);
      expect(fresh.id).not.toBe(invitation.id);
      await invitee.acceptInvitation(fresh.id);
    });

    it('answer 404 for unknown usernames and 400 for bad input', async () => {
      const owner = await register('owner');
      const board = await owner.createBoard();
      await owner.api.post(`/api/boards/${board.id}/members`).send({ username: 'nobody-by-this-name' }).expect(404);
      const invalid = await owner.api.post(`/api/boards/${board.id}/members`).send({ username: owner.username, role: 'owner' }).expect(400);
      expect(errorOf(invalid).message).toEqual(['role must be one of editor, viewer']);
      await owner.api.post(`/api/boards/${board.id}/members`).send({ username: owner.username }).expect(409);
      await owner.api.post('/api/invitations/not-a-uuid/accept').expect(400);
    });
  });

  describe('invite links', () => {
    it('join with their role; the owner lists them without tokens; a member just gets the board', async () => {
      const [owner, joiner] = await Promise.all([register('owner'), register('joiner')]);
      const board = await owner.createBoard('Linked');
      const ownerStream = await open(owner, [`board:${board.id}`]);
      const link = await createLink(owner, board.id, { role: 'viewer', expiresIn: 3600, maxUses: 3 });
      expect(link).toEqual({
        id: expect.any(String),
        boardId: board.id,
        role: 'viewer',
        createdBy: owner.id,
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
        maxUses: 3,
        uses: 0,
        token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        path: `/join/${link.token}`,
      });
      expect(Date.parse(link.expiresAt) - Date.parse(link.createdAt)).toBe(3600_000);
      const { token, path: _path, ...listed } = link;
      expect((await owner.api.get(`/api/boards/${board.id}/invite-links`).expect(200)).body).toEqual([listed]);

      const preview = (await joiner.api.get(`/api/invite-links/${token}`).expect(200)).body as InviteLinkPreview;
      expect(preview).toEqual({
        boardId: board.id,
        boardTitle: 'Linked',
        role: 'viewer',
        invitedBy: { id: owner.id, username: owner.username, displayName: owner.username },
        expiresAt: link.expiresAt,
        alreadyMember: false,
      });
      const joined = (await joiner.api.post(`/api/invite-links/${token}/accept`).expect(200)).body as Board;
      expect(joined.members.find((user) => user.id === joiner.id)?.role).toBe('viewer');
      await ownerStream.waitForType('board.member_added');
      expect(dataOf(ownerStream, 'board.member_added')).toEqual([
        { boardId: board.id, member: expect.objectContaining({ id: joiner.id }), role: 'viewer' },
      ]);
      await joiner.snapshot(board.id);

      // Already a member: the board again, the role unchanged, no use counted.
      expect(((await joiner.api.get(`/api/invite-links/${token}`).expect(200)).body as InviteLinkPreview).alreadyMember).toBe(true);
      await joiner.api.post(`/api/invite-links/${token}/accept`).expect(200);
      await owner.api.post(`/api/invite-links/${token}/accept`).expect(200);
      expect(((await owner.api.get(`/api/boards/${board.id}/invite-links`).expect(200)).body as InviteLink[])[0].uses).toBe(1);
      expect((await owner.snapshot(board.id)).board.members.map((user) => user.role)).toEqual(['owner', 'viewer']);
    });

    it('are used up after maxUses (410), even when accepted in parallel', async () => {
      const owner = await register('owner');
      const board = await owner.createBoard();
      const link = await createLink(owner, board.id, { role: 'editor', expiresIn: 3600, maxUses: 3 });
      const joiners = await Promise.all(Array.from({ length: 8 }, () => register('joiner')));
      const answers = await Promise.all(joiners.map((joiner) => joiner.api.post(`/api/invite-links/${link.token}/accept`)));
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 410, 410, 410, 410, 410]);
      expect((await owner.snapshot(board.id)).board.members).toHaveLength(4);
      await joiners[0].api.get(`/api/invite-links/${link.token}`).expect(410);
      // A used-up link is no longer live.
      expect((await owner.api.get(`/api/boards/${board.id}/invite-links`).expect(200)).body).toEqual([]);
    });

    it('expire (410) and can be revoked (404 at once)', async () => {
      const [owner, joiner] = await Promise.all([register('owner'), register('joiner')]);
      const board = await owner.createBoard();
      const expiring = await createLink(owner, board.id, { role: 'editor', expiresIn: 60 });
      const revoked = await createLink(owner, board.id, { role: 'editor', expiresIn: 3600 });

      await owner.api.delete(`/api/boards/${board.id}/invite-links/${revoked.id}`).expect(204);
      await owner.api.delete(`/api/boards/${board.id}/invite-links/${revoked.id}`).expect(404);
      await joiner.api.get(`/api/invite-links/${revoked.token}`).expect(404);
      await joiner.api.post(`/api/invite-links/${revoked.token}/accept`).expect(404);

      advanceClock(61_000);
      const gone = await joiner.api.post(`/api/invite-links/${expiring.token}/accept`).expect(410);
      expect(errorOf(gone).message).toBe('This invite link has expired');
      await joiner.api.get(`/api/invite-links/${expiring.token}`).expect(410);
      expect((await owner.api.get(`/api/boards/${board.id}/invite-links`).expect(200)).body).toEqual([]);
      await joiner.api.get(`/api/boards/${board.id}`).expect(403);
    });

    it('answer 404 for unknown or malformed tokens, and 400 for bad input', async () => {
      const owner = await register('owner');
      const board = await owner.createBoard();
      await owner.api.get(`/api/invite-links/${'A'.repeat(43)}`).expect(404);
      await owner.api.get('/api/invite-links/short').expect(404);
      await owner.api.post(`/api/invite-links/${'%2F'.repeat(20)}/accept`).expect(404);
      const invalid = await owner.api
        .post(`/api/boards/${board.id}/invite-links`)
        .send({ role: 'owner', expiresIn: 10, maxUses: 0 })
        .expect(400);
      expect(errorOf(invalid).message).toEqual([
        'role must be one of editor, viewer',
        'expiresIn must be 60 to 2592000 seconds',
        'maxUses must be 1 to 1000',
      ]);
      await owner.api.post(`/api/boards/${board.id}/invite-links`).send({ role: 'editor', expiresIn: 2592001 }).expect(400);
    });

    it(`are capped at ${MAX_INVITE_LINKS_PER_BOARD} live links per board (409)`, async () => {
      const owner = await register('owner');
      const board = await owner.createBoard();
      const links = await Promise.all(
        Array.from({ length: MAX_INVITE_LINKS_PER_BOARD }, () => createLink(owner, board.id, { role: 'viewer', expiresIn: 60 })),
      );
      await owner.api.post(`/api/boards/${board.id}/invite-links`).send({ role: 'viewer', expiresIn: 60 }).expect(409);
      await owner.api.delete(`/api/boards/${board.id}/invite-links/${links[0].id}`).expect(204);
      await createLink(owner, board.id, { role: 'viewer', expiresIn: 60 });
    });

    it("go with their board: a deleted board's links and invitations answer 404", async () => {
      const [owner, invitee] = await Promise.all([register('owner'), register('invitee')]);
      const board = await owner.createBoard();
      const link = await createLink(owner, board.id, { role: 'viewer', expiresIn: 3600 });
      const invitation = await owner.invite(board.id, invitee.username);
      await owner.api.delete(`/api/boards/${board.id}`).expect(204);
      await invitee.api.get(`/api/invite-links/${link.token}`).expect(404);
      await invitee.api.post(`/api/invitations/${invitation.id}/accept`).expect(404);
      expect((await invitee.api.get('/api/invitations').expect(200)).body).toEqual([]);
    });
  });
});

describe('invite links and invitations across two pods on one Redis', () => {
  const pods = useTwoPods({ env: { WRITE_RATE_LIMIT: '10000' } });

  it('never count more uses than maxUses when accepts race on both pods', async () => {
    const owner = await ApiUser.register(pods.a.url, 'owner');
    const board = await owner.createBoard();
    const link = (
      await owner.api.post(`/api/boards/${board.id}/invite-links`).send({ role: 'viewer', expiresIn: 3600, maxUses: 5 }).expect(201)
    ).body as CreatedInviteLink;
    const joiners = await Promise.all(
      Array.from({ length: 16 }, (_, i) => ApiUser.register(pods.a.url, 'joiner').then((user) => (i % 2 ? user.on(pods.b.url) : user))),
    );
    const answers = await Promise.all(joiners.map((joiner) => joiner.api.post(`/api/invite-links/${link.token}/accept`)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(5);
    expect(answers.filter((answer) => answer.status === 410)).toHaveLength(11);
    const members = (await owner.snapshot(board.id)).board.members;
    expect(members).toHaveLength(6);
    expect(members.filter((member) => member.role === 'viewer')).toHaveLength(5);
  });

  it('an invitation made on one pod is accepted on the other, and the role change reaches a stream there', async () => {
    const owner = await ApiUser.register(pods.a.url, 'owner');
    const member = (await ApiUser.register(pods.a.url, 'member')).on(pods.b.url);
    const board = await owner.createBoard();
    const invitation: BoardInvitation = await owner.invite(board.id, member.username, 'viewer');
    expect((await member.api.get('/api/invitations').expect(200)).body).toEqual([invitation]);
    await member.acceptInvitation(invitation.id);
    const stream = pods.track(await SseClient.open(pods.b.url, { token: member.token, channels: [`board:${board.id}`] }));
    await stream.waitForType('stream.ready');
    await owner.api.patch(`/api/boards/${board.id}/members/${member.id}`).send({ role: 'editor' }).expect(200);
    await stream.waitForType('board.role_changed', 2);
    expect(dataOf(stream, 'board.role_changed', `board:${board.id}`)).toEqual([
      { boardId: board.id, userId: member.id, role: 'editor', ownerId: owner.id },
    ]);
    await member.createNote(board.id, 'now I edit');
  });
});

describe('invite link guessing', () => {
  let pod: TestApp;

  beforeAll(async () => {
    pod = await startTestApp({ INVITE_LINK_RATE_LIMIT: '3' });
  });

  afterAll(async () => {
    await pod?.close();
  });

  it('is limited per user: past INVITE_LINK_RATE_LIMIT opens and accepts, 429 with Retry-After', async () => {
    const [guesser, other] = await Promise.all([ApiUser.register(pod.url, 'guesser'), ApiUser.register(pod.url, 'other')]);
    const guess = (): string => randomUUID().replace(/-/g, '').padEnd(43, 'x');
    await guesser.api.get(`/api/invite-links/${guess()}`).expect(404);
    await guesser.api.post(`/api/invite-links/${guess()}/accept`).expect(404);
    await guesser.api.get(`/api/invite-links/${guess()}`).expect(404);
    const refused = await guesser.api.post(`/api/invite-links/${guess()}/accept`).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await other.api.get(`/api/invite-links/${guess()}`).expect(404);
  });
});
