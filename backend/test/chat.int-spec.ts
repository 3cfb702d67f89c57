import { expect } from '@jest/globals';
import type { ChatMessage, Conversation, MessagePage, NotificationList } from '../../contracts/chat';
import type { EventEnvelope } from '../../contracts/events';
import { ApiUser } from './support/api';
import { SseClient } from './support/sse-client';
import { useTwoPods } from './support/two-pods';
import { startTestApp, type TestApp } from './support/test-app';

const contents = (client: SseClient): string[] =>
  client.ofType('chat.message').map((event) => (event.envelope as EventEnvelope<'chat.message'>).data.message.content ?? '');

describe('chat across two pods on one Redis', () => {
  const pods = useTwoPods({ env: { WRITE_RATE_LIMIT: '100000', CHAT_RATE_LIMIT: '1000' } });
  let ann: ApiUser;
  let ben: ApiUser;
  let cat: ApiUser;
  let outsider: ApiUser;

  const open = async (pod: TestApp, user: ApiUser, channels: string[] = []): Promise<SseClient> => {
    const client = await SseClient.open(pod.url, { token: user.token, channels });
    pods.streams.push(client);
    await client.waitForType('stream.ready');
    return client;
  };

  const boardWithMembers = async (): Promise<string> => {
    const board = await ann.createBoard('Chatty');
    await ann.addMember(board.id, ben);
    await ann.addMember(board.id, cat);
    return board.id;
  };

  beforeAll(async () => {
    [ann, ben, cat, outsider] = await Promise.all(['ann', 'ben', 'cat', 'out'].map((prefix) => ApiUser.register(pods.a.url, prefix)));
    ben = ben.on(pods.b.url);
  });

  it('delivers messages posted on pod A to a stream on pod B, in order', async () => {
    const boardId = await boardWithMembers();
    const onB = await open(pods.b, ben, [`board:${boardId}`]);
    const texts = Array.from({ length: 25 }, (_, i) => `hello #${i}`);
    for (const [index, text] of texts.entries()) {
      // One clientId per message: it is also the message's idempotency key.
      const posted = await ann.api
        .post(`/api/boards/${boardId}/messages`)
        .send({ content: `  ${text}  `, clientId: `c${index}` })
        .expect(201);
      expect(posted.body).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(/^\d+-\d+$/),
          roomId: `board:${boardId}`,
          userId: ann.id,
          content: text,
          createdAt: expect.any(String),
        }),
      );
    }
    await onB.waitForType('chat.message', 25);
    expect(contents(onB)).toEqual(texts);
    expect(onB.ofType('chat.message')[0].envelope.userId).toBe(ann.id);
  });

  it('pages history newest first, stable while others keep posting', async () => {
    const boardId = await boardWithMembers();
    for (let i = 0; i < 12; i++) {
      await ann.api
        .post(`/api/boards/${boardId}/messages`)
        .send({ content: `m${i}` })
        .expect(201);
    }
    const first = (await ben.api.get(`/api/boards/${boardId}/messages?limit=5`).expect(200)).body as MessagePage;
    expect(first.messages.map((m) => m.content)).toEqual(['m11', 'm10', 'm9', 'm8', 'm7']);
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        cat.api
          .post(`/api/boards/${boardId}/messages`)
          .send({ content: `new${i}` })
          .expect(201),
      ),
    );
    const second = (await ben.api.get(`/api/boards/${boardId}/messages?limit=5&before=${first.nextBefore}`).expect(200))
      .body as MessagePage;
    expect(second.messages.map((m) => m.content)).toEqual(['m6', 'm5', 'm4', 'm3', 'm2']);
    const last = (await ben.api.get(`/api/boards/${boardId}/messages?limit=5&before=${second.nextBefore}`).expect(200)).body as MessagePage;
    expect(last).toEqual({
      messages: [expect.objectContaining({ content: 'm1' }), expect.objectContaining({ content: 'm0' })],
      nextBefore: null,
    });
    await ben.api.get(`/api/boards/${boardId}/messages?limit=500`).expect(400);
    await ben.api.get(`/api/boards/${boardId}/messages?before=yesterday`).expect(400);
  });

  it('keeps non-members and non-participants out of reading, writing and subscribing', async () => {
    const boardId = await boardWithMembers();
    await outsider.api.get(`/api/boards/${boardId}/messages`).expect(403);
    await outsider.api.post(`/api/boards/${boardId}/messages`).send({ content: 'let me in' }).expect(403);
    await outsider.api.post(`/api/boards/${boardId}/typing`).expect(403);
    const dm = (
      await ann.api
        .post('/api/conversations')
        .send({ usernames: [ben.username] })
        .expect(201)
    ).body as Conversation;
    await outsider.api.get(`/api/conversations/${dm.id}/messages`).expect(403);
    await outsider.api.post(`/api/conversations/${dm.id}/messages`).send({ content: 'hi' }).expect(403);
    await outsider.api.get(`/api/conversations/${dm.id}`).expect(403);
    await expect(SseClient.open(pods.a.url, { token: outsider.token, channels: [`conversation:${dm.id}`] })).rejects.toMatchObject({
      status: 403,
    });
    await expect(SseClient.open(pods.a.url, { token: outsider.token, channels: [`board:${boardId}`] })).rejects.toMatchObject({
      status: 403,
    });
  });

  it('validates content: trimmed, 1 to 4,000 characters, plain text kept as is', async () => {
    const boardId = await boardWithMembers();
    await ann.api.post(`/api/boards/${boardId}/messages`).send({ content: '    ' }).expect(400);
    await ann.api
      .post(`/api/boards/${boardId}/messages`)
      .send({ content: 'x'.repeat(4001) })
      .expect(400);
    await ann.api.post(`/api/boards/${boardId}/messages`).send({ content: 42 }).expect(400);
    const html = (await ann.api.post(`/api/boards/${boardId}/messages`).send({ content: '<img src=x onerror=alert(1)>' }).expect(201))
      .body as ChatMessage;
    expect(html.content).toBe('<img src=x onerror=alert(1)>');
  });

  it('coalesces typing to one event per user per room every 2 s, without storing it', async () => {
    const boardId = await boardWithMembers();
    const watcher = await open(pods.b, ben, [`board:${boardId}`]);
    for (let i = 0; i < 10; i++) {
      await ann.api.post(`/api/boards/${boardId}/typing`).expect(204);
    }
    await cat.api.post(`/api/boards/${boardId}/typing`).expect(204);
    await watcher.waitForType('chat.typing', 2);
    await ann.api.post(`/api/boards/${boardId}/messages`).send({ content: 'done typing' }).expect(201);
    await watcher.waitForType('chat.message');
    const typing = watcher.ofType('chat.typing').map((event) => event.envelope as EventEnvelope<'chat.typing'>);
    expect(typing.map((event) => event.data.userId).sort()).toEqual([ann.id, cat.id].sort());
    expect(typing.every((event) => event.id === '' && Date.parse(event.data.until) > Date.now())).toBe(true);
  });

  it('notifies only the mentioned member, also at the end of a sentence, and lists and clears notifications', async () => {
    const boardId = await boardWithMembers();
    const benStream = await open(pods.b, ben);
    const catStream = await open(pods.a, cat);
    const message = (
      await ann.api
        .post(`/api/boards/${boardId}/messages`)
        .send({ content: `and @${outsider.username} who is not here, and mail@${cat.username}.com. Over to you, @${ben.username}.` })
        .expect(201)
    ).body as ChatMessage;
    await benStream.waitForType('notification');
    const notification = (benStream.ofType('notification')[0].envelope as EventEnvelope<'notification'>).data;
    expect(notification).toEqual(
      expect.objectContaining({
        kind: 'mention',
        roomId: `board:${boardId}`,
        messageId: message.id,
        from: expect.objectContaining({ id: ann.id }),
        read: false,
      }),
    );
    await ann.api.post(`/api/boards/${boardId}/messages`).send({ content: 'no mention here' }).expect(201);
    expect(catStream.ofType('notification')).toHaveLength(0);
    expect(
      ((await outsider.api.get('/api/notifications').expect(200)).body as NotificationList).notifications.filter(
        (n) => n.kind === 'mention',
      ),
    ).toHaveLength(0);

    const listed = (await ben.api.get('/api/notifications').expect(200)).body as NotificationList;
    expect(listed.notifications[0]).toEqual(expect.objectContaining({ id: notification.id, kind: 'mention', read: false }));
    const unreadBefore = listed.unreadCount;
    await ben.api
      .post('/api/notifications/read')
      .send({ ids: [notification.id] })
      .expect(204);
    await benStream.waitForType('notification.read');
    expect(((await ben.api.get('/api/notifications').expect(200)).body as NotificationList).unreadCount).toBe(unreadBefore - 1);
    await ben.api.post('/api/notifications/read').send({}).expect(204);
    expect(((await ben.api.get('/api/notifications').expect(200)).body as NotificationList).unreadCount).toBe(0);
    await ben.api
      .post('/api/notifications/read')
      .send({ ids: ['nope'] })
      .expect(400);
  });

  it('starts one conversation per set of people, with live lists and unread counts', async () => {
    const benStream = await open(pods.b, ben);
    const annOtherTab = await open(pods.a, ann);
    // A plaintext conversation (encryption is the default): this test reads the text as the server sees it.
    const created = await ann.api
      .post('/api/conversations')
      .send({ usernames: [ben.username, cat.username], encrypted: false })
      .expect(201);
    const group = created.body as Conversation;
    expect(group.participants.map((p) => p.id)).toEqual(expect.arrayContaining([ann.id, ben.id, cat.id]));
    await benStream.waitForType('conversation.created');
    const again = await ben.api
      .post('/api/conversations')
      .send({ usernames: [cat.username, ann.username] })
      .expect(200);
    expect((again.body as Conversation).id).toBe(group.id);
    await ann.api
      .post('/api/conversations')
      .send({ usernames: ['no-such-person'] })
      .expect(404);
    await ann.api
      .post('/api/conversations')
      .send({ usernames: [ann.username] })
      .expect(400);

    const convStream = await open(pods.b, ben, [`conversation:${group.id}`]);
    const first = (await ann.api.post(`/api/conversations/${group.id}/messages`).send({ content: 'one' }).expect(201)).body as ChatMessage;
    await cat.api.post(`/api/conversations/${group.id}/messages`).send({ content: 'two' }).expect(201);
    await convStream.waitForType('chat.message', 2);
    expect(contents(convStream)).toEqual(['one', 'two']);
    await benStream.waitForType('conversation.activity', 2);
    // The sender's other tabs keep their list current too, her own message included.
    await annOtherTab.waitForType('conversation.activity', 2);
    expect(
      annOtherTab
        .ofType('conversation.activity')
        .map((event) => (event.envelope as EventEnvelope<'conversation.activity'>).data.message.content),
    ).toEqual(['one', 'two']);

    const list = (await ben.api.get('/api/conversations').expect(200)).body as Conversation[];
    const mine = list.find((conversation) => conversation.id === group.id)!;
    expect(mine.unreadCount).toBe(2);
    expect(mine.lastMessage?.content).toBe('two');
    await ben.api.post(`/api/conversations/${group.id}/read`).send({ messageId: first.id }).expect(204);
    await benStream.waitForType('chat.read');
    expect(((await ben.api.get(`/api/conversations/${group.id}`).expect(200)).body as Conversation).unreadCount).toBe(1);
  });

  it('answers a flood of messages with 429 and Retry-After', async () => {
    const limited = await startTestApp({ REDIS_URL: pods.redis.url, CHAT_RATE_LIMIT: '10' });
    try {
      // A fresh user: the budget is shared through Redis with everything Ann posted above.
      const user = await ApiUser.register(limited.url, 'flood');
      const board = await user.createBoard('Flood');
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        statuses.push((await user.api.post(`/api/boards/${board.id}/messages`).send({ content: `spam ${i}` })).status);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201));
      expect(statuses.slice(10)).toEqual([429, 429]);
      const refused = await user.api.post(`/api/boards/${board.id}/messages`).send({ content: 'more' }).expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // Nothing refused was stored.
      const page = (await user.api.get(`/api/boards/${board.id}/messages`).expect(200)).body as MessagePage;
      expect(page.messages).toHaveLength(10);
    } finally {
      await limited.close();
    }
  });
});
