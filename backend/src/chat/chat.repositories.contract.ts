import { randomUUID } from 'node:crypto';
import { boardChannel } from '../../../contracts/channels';
import type { ChatMessage } from '../../../contracts/chat';
import { type ConversationsRepository } from './conversations.repository';
import { type MessagesRepository, UNREAD_CAP } from './messages.repository';

const room = (): string => boardChannel(randomUUID());
const draft = (roomId: string, userId: string, content: string): Omit<ChatMessage, 'id'> => ({
  roomId,
  userId,
  content,
  createdAt: new Date().toISOString(),
});

/** Behaviour both message repository adapters must have (retention set to 100 or more). */
export function messagesRepositoryContract(make: () => MessagesRepository): void {
  it('gives increasing ids and pages newest first, stable with before', async () => {
    const repo = make();
    const roomId = room();
    const stored: ChatMessage[] = [];
    for (let i = 0; i < 7; i++) {
      stored.push(await repo.append(draft(roomId, 'u1', `m${i}`)));
    }
    expect(stored.map((m) => m.content)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    const first = await repo.page(roomId, undefined, 3);
    expect(first.map((m) => m.content)).toEqual(['m6', 'm5', 'm4']);
    // New messages do not shift older pages.
    await repo.append(draft(roomId, 'u2', 'late'));
    const second = await repo.page(roomId, first[2].id, 3);
    expect(second.map((m) => m.content)).toEqual(['m3', 'm2', 'm1']);
    expect((await repo.page(roomId, second[2].id, 3)).map((m) => m.content)).toEqual(['m0']);
    await expect(repo.last(roomId)).resolves.toEqual(expect.objectContaining({ content: 'late' }));
    await expect(repo.last(room())).resolves.toBeNull();
  });

  it('keeps the clientId', async () => {
    const repo = make();
    const stored = await repo.append({ ...draft(room(), 'u1', 'hi'), clientId: 'c-1' });
    expect((await repo.page(stored.roomId, undefined, 1))[0]).toEqual(stored);
  });

  it("counts others' messages after the read marker, capped", async () => {
    const repo = make();
    const roomId = room();
    const mine = await repo.append(draft(roomId, 'me', 'mine'));
    await repo.append(draft(roomId, 'other', 'a'));
    await repo.append(draft(roomId, 'me', 'mine again'));
    const b = await repo.append(draft(roomId, 'other', 'b'));
    await expect(repo.countUnread(roomId, 'me', undefined)).resolves.toBe(2);
    await expect(repo.countUnread(roomId, 'me', mine.id)).resolves.toBe(2);
    await expect(repo.countUnread(roomId, 'me', b.id)).resolves.toBe(0);
    const flood = room();
    for (let i = 0; i < UNREAD_CAP + 5; i++) {
      await repo.append(draft(flood, 'other', `${i}`));
    }
    await expect(repo.countUnread(flood, 'me', undefined)).resolves.toBe(UNREAD_CAP);
  });

  it('moves read markers forward only', async () => {
    const repo = make();
    const roomId = room();
    const a = await repo.append(draft(roomId, 'x', 'a'));
    const b = await repo.append(draft(roomId, 'x', 'b'));
    await repo.setReadMarker('me', roomId, b.id);
    await repo.setReadMarker('me', roomId, a.id);
    await expect(repo.readMarkers('me', [roomId, room()])).resolves.toEqual(new Map([[roomId, b.id]]));
  });

  it('finds one message and deletes it once, keeping its attachments metadata until then', async () => {
    const repo = make();
    const roomId = room();
    const attachments = [{ id: randomUUID(), name: 'a.png', size: 3, mime: 'image/png', sha256: 'f'.repeat(64) }];
    const kept = await repo.append(draft(roomId, 'x', 'keep'));
    const gone = await repo.append({ ...draft(roomId, 'x', ''), attachments });
    await expect(repo.find(roomId, gone.id)).resolves.toEqual(gone);
    await expect(repo.find(room(), gone.id)).resolves.toBeUndefined();
    const verdicts = await Promise.all([repo.delete(roomId, gone.id), repo.delete(roomId, gone.id)]);
    expect(verdicts.filter(Boolean)).toHaveLength(1);
    await expect(repo.find(roomId, gone.id)).resolves.toBeUndefined();
    expect((await repo.page(roomId, undefined, 10)).map((m) => m.id)).toEqual([kept.id]);
    await expect(repo.last(roomId)).resolves.toEqual(kept);
  });
}

/** Retention as both message adapters must report it, for the attachments of trimmed messages. */
export function messagesRetentionContract(make: (retention: number) => MessagesRepository): void {
  it('reports the oldest message kept when an append trims the room, and nothing before', async () => {
    const retention = 100;
    const repo = make(retention);
    const roomId = room();
    const ids: string[] = [];
    let oldestKept: string | undefined;
    // Redis trims whole stream nodes (MAXLEN ~): well within a few node sizes past the retention.
    while (oldestKept === undefined && ids.length < retention * 10) {
      const stored = await repo.store(draft(roomId, 'u1', `m${ids.length}`));
      ids.push(stored.message.id);
      oldestKept = stored.oldestKept;
    }
    expect(ids.length).toBeGreaterThan(retention);
    const kept = (await repo.page(roomId, undefined, ids.length)).map((m) => m.id).reverse();
    expect(kept.length).toBeGreaterThanOrEqual(retention);
    expect(kept[0]).toBe(oldestKept);
    expect(kept).toEqual(ids.slice(ids.indexOf(oldestKept!)));
  });
}

/** Behaviour both conversation repository adapters must have. */
export function conversationsRepositoryContract(make: () => ConversationsRepository): void {
  it('maps one set of people to one conversation, whatever the order or the race', async () => {
    const repo = make();
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const results = await Promise.all(
      [
        [a, b],
        [b, a],
        [a, b],
        [b, a],
      ].map((ids) => repo.findOrCreate({ id: randomUUID(), participantIds: ids, createdAt: new Date().toISOString() })),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.conversation.id)).size).toBe(1);
    const group = await repo.findOrCreate({ id: randomUUID(), participantIds: [a, b, c], createdAt: new Date().toISOString() });
    expect(group.created).toBe(true);
    expect(group.conversation.id).not.toBe(results[0].conversation.id);
    await expect(repo.find(group.conversation.id)).resolves.toEqual(group.conversation);
    expect((await repo.listFor(c)).map((conversation) => conversation.id)).toEqual([group.conversation.id]);
    expect(await repo.listFor(a)).toHaveLength(2);
    await expect(repo.find(randomUUID())).resolves.toBeUndefined();
  });

  it('keeps whether a conversation is encrypted', async () => {
    const repo = make();
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const sealed = await repo.findOrCreate({
      id: randomUUID(),
      participantIds: [a, b],
      createdAt: new Date().toISOString(),
      encrypted: true,
    });
    const open = await repo.findOrCreate({
      id: randomUUID(),
      participantIds: [a, c],
      createdAt: new Date().toISOString(),
      encrypted: false,
    });
    await expect(repo.find(sealed.conversation.id)).resolves.toMatchObject({ encrypted: true });
    await expect(repo.find(open.conversation.id)).resolves.toMatchObject({ encrypted: false });
  });

  it('lets someone leave a group, never below the minimum, and forgets the old set of people', async () => {
    const repo = make();
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const group = (
      await repo.findOrCreate({ id: randomUUID(), participantIds: [a, b, c], createdAt: new Date().toISOString(), encrypted: true })
    ).conversation;
    await expect(repo.removeParticipant(group.id, randomUUID(), 2)).resolves.toEqual({ result: 'absent' });
    await expect(repo.removeParticipant(randomUUID(), a, 2)).resolves.toEqual({ result: 'absent' });
    const left = await repo.removeParticipant(group.id, c, 2);
    expect(left).toEqual({ result: 'removed', conversation: { ...group, participantIds: [a, b].sort() } });
    await expect(repo.find(group.id)).resolves.toEqual({ ...group, participantIds: [a, b].sort() });
    await expect(repo.listFor(c)).resolves.toEqual([]);
    expect((await repo.listFor(a)).map((conversation) => conversation.id)).toEqual([group.id]);
    await expect(repo.removeParticipant(group.id, c, 2)).resolves.toEqual({ result: 'absent' });
    await expect(repo.removeParticipant(group.id, b, 2)).resolves.toEqual({ result: 'too_few' });
    // The three of them again: a new conversation, not the one c left.
    const again = await repo.findOrCreate({ id: randomUUID(), participantIds: [a, b, c], createdAt: new Date().toISOString() });
    expect(again).toMatchObject({ created: true });
    expect(again.conversation.id).not.toBe(group.id);
  });

  it('lets only one of two people leaving at once go below the minimum', async () => {
    const repo = make();
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const group = (await repo.findOrCreate({ id: randomUUID(), participantIds: [a, b, c], createdAt: new Date().toISOString() }))
      .conversation;
    const results = await Promise.all([repo.removeParticipant(group.id, b, 2), repo.removeParticipant(group.id, c, 2)]);
    expect(results.map((outcome) => outcome.result).sort()).toEqual(['removed', 'too_few']);
    expect((await repo.find(group.id))?.participantIds).toHaveLength(2);
  });
}
