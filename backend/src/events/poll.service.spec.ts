import { expect } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { boardChannel, type ChannelName, userChannel } from '../../../contracts/channels';
import { parseCursor } from '../../../contracts/cursor';
import type { PollResponse } from '../../../contracts/poll';
import type { AuthUser } from '../auth/auth-user';
import { loadConfig } from '../config/app-config';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { MetricsService } from '../metrics/metrics.service';
import type { ChannelListener } from './bus-event';
import { ChannelRegistry } from './channel-registry';
import { ConnectionsService } from './connections.service';
import { MemoryEventBus } from './event-bus.memory';
import { PollService } from './poll.service';
import type { StreamInfo } from './stream-hooks';
import { StreamService } from './stream.service';

const user: AuthUser = {
  id: 'u1',
  username: 'ada',
  displayName: 'Ada',
  roles: ['user'],
  tokenExpiresAt: Math.floor(Date.now() / 1000) + 3600,
  via: 'bearer',
  tokenId: 't1',
  sessionId: 's1',
};
const own = userChannel('u1');
const board = boardChannel('b1');

/** The response of one poll request: `close` is the client leaving (or the answer having gone out). */
function fakeResponse(): ServerResponse & EventEmitter {
  const response = new EventEmitter() as ServerResponse & EventEmitter;
  Object.assign(response, { destroyed: false, socket: { destroyed: false } });
  return response;
}

describe('PollService', () => {
  let bus: MemoryEventBus;
  let connections: ConnectionsService;
  let lifecycle: LifecycleService;
  let polls: PollService;
  const opened: StreamInfo[] = [];
  const closed: StreamInfo[] = [];

  const poll = async (query: { cursor?: string; wait?: string; channel?: string[] }, response = fakeResponse()): Promise<PollResponse> => {
    const body = await polls.poll(user, { channel: query.channel ?? [board], cursor: query.cursor, wait: query.wait }, response);
    response.emit('close');
    return JSON.parse(body) as PollResponse;
  };
  const publish = (text: string, channel: ChannelName = board): Promise<unknown> =>
    bus.publish(channel, 'note.deleted', { boardId: 'b1', noteId: text }, 'u2');
  const noteIds = (answer: PollResponse): string[] =>
    answer.events.filter((event) => event.type === 'note.deleted').map((event) => event.data.noteId);
  /** Resolves once a poll is held: opened, caught up, and waiting. */
  const held = (): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => (connections.openByTransport.poll > 0 ? resolve() : void setImmediate(check));
      check();
    });

  beforeEach(() => {
    const config = loadConfig({ NODE_ENV: 'test', HISTORY_SIZE: '2000' });
    bus = new MemoryEventBus(config);
    lifecycle = new LifecycleService();
    const metrics = new MetricsService();
    connections = new ConnectionsService(config, lifecycle, metrics, bus);
    connections.onModuleInit();
    connections.addHooks({ onStreamOpened: (stream) => void opened.push(stream), onStreamClosed: (stream) => void closed.push(stream) });
    const registry = new ChannelRegistry();
    registry.register('board', () => true);
    polls = new PollService(new StreamService(config, bus, registry, connections, metrics));
    opened.length = 0;
    closed.length = 0;
  });

  afterEach(() => connections.onApplicationShutdown());

  it('answers at once with events waiting after the cursor, and the cursor past them', async () => {
    const start = await poll({ wait: '0' });
    expect(start.events).toEqual([]);
    await publish('n1');
    await publish('n2');
    const answer = await poll({ cursor: start.cursor, wait: '30' });
    expect(noteIds(answer)).toEqual(['n1', 'n2']);
    expect(parseCursor(answer.cursor)?.get(board)?.id).toBe(answer.events[1].id);
    expect(parseCursor(answer.cursor)?.get(own)).toEqual(parseCursor(start.cursor)?.get(own));
  });

  it('answers at most 500 events, the cursor exactly past them; the next poll brings the rest', async () => {
    const start = await poll({ wait: '0' });
    for (let i = 0; i < 620; i++) {
      await publish(`n${i}`);
    }
    const first = await poll({ cursor: start.cursor });
    expect(noteIds(first)).toEqual(Array.from({ length: 500 }, (_, i) => `n${i}`));
    expect(parseCursor(first.cursor)?.get(board)?.id).toBe(first.events[499].id);
    const second = await poll({ cursor: first.cursor });
    expect(noteIds(second)).toEqual(Array.from({ length: 120 }, (_, i) => `n${i + 500}`));
  });

  it('holds until the first event, gathers the burst behind it, and answers once', async () => {
    const start = await poll({ wait: '0' });
    const answer = poll({ cursor: start.cursor, wait: '30' });
    await held();
    await publish('a');
    await publish('b');
    await publish('c', own);
    const { events, cursor } = await answer;
    expect(events.map((event) => event.type)).toEqual(['note.deleted', 'note.deleted', 'note.deleted']);
    expect(parseCursor(cursor)?.get(own)?.id).toBe(events[2].id);
  });

  it('answers nothing and the unchanged cursor when `wait` passes without events', async () => {
    const start = await poll({ wait: '0' });
    const began = Date.now();
    const answer = await poll({ cursor: start.cursor, wait: '1' });
    expect(Date.now() - began).toBeGreaterThanOrEqual(990);
    expect(answer).toEqual({ events: [], cursor: start.cursor });
  });

  it('answers a cursor history cannot cover with a reset and the cursor at the heads, at once', async () => {
    await publish('n1');
    const answer = await poll({ cursor: `${board}@elsewhere:5-0`, wait: '30' });
    expect(answer.reset).toEqual({ channels: [board] });
    expect(parseCursor(answer.cursor)?.get(board)?.epoch).not.toBe('elsewhere');
    const unreadable = await poll({ cursor: 'nonsense', wait: '30' });
    expect(unreadable.reset?.channels.sort()).toEqual([board, own].sort());
  });

  it('gives ephemeral events to a held poll only, without moving the cursor, and never replays them', async () => {
    const start = await poll({ wait: '0' });
    await bus.publish(board, 'cursor.moved', { userId: 'u2', x: 1, y: 2 }, 'u2', { ephemeral: true });
    const missed = await poll({ cursor: start.cursor, wait: '0' });
    expect(missed.events).toEqual([]);

    const answer = poll({ cursor: start.cursor, wait: '30' });
    await held();
    await bus.publish(board, 'cursor.moved', { userId: 'u2', x: 3, y: 4 }, 'u2', { ephemeral: true });
    const { events, cursor } = await answer;
    expect(events.map((event) => event.type)).toEqual(['cursor.moved']);
    expect(cursor).toBe(start.cursor);
  });

  it('answers a held poll at once when its channel is revoked: the control event, the channel gone from the cursor', async () => {
    const start = await poll({ wait: '0' });
    const answer = poll({ cursor: start.cursor, wait: '30' });
    await held();
    connections.revokeChannel(board, ['u1'], 'removed');
    const { events, cursor } = await answer;
    expect(events).toEqual([expect.objectContaining({ type: 'channel.revoked', data: { channel: board, reason: 'removed' } })]);
    expect([...(parseCursor(cursor)?.keys() ?? [])]).toEqual([own]);
  });

  it('answers a held poll with stream.closing when its session is revoked', async () => {
    const answer = poll({ wait: '30' });
    await held();
    connections.endSessions('u1', (stream) => stream.sessionId === 's1');
    expect((await answer).events).toEqual([expect.objectContaining({ type: 'stream.closing', data: { reason: 'session_revoked' } })]);
  });

  it('answers every held poll at once with stream.closing and a retry hint on shutdown, and refuses new ones', async () => {
    const answers = [poll({ wait: '30' }), poll({ wait: '30' })];
    await held();
    lifecycle.beginDrain('test');
    for (const answer of await Promise.all(answers)) {
      expect(answer.events).toEqual([expect.objectContaining({ type: 'stream.closing', data: { reason: 'shutdown' } })]);
      expect(answer.retryMs).toBeGreaterThanOrEqual(250);
    }
    await expect(poll({ wait: '30' })).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it("answers a held poll at its token's expiry with session.expiring and stream.closing {session_expired}", async () => {
    const expiring: AuthUser = { ...user, tokenExpiresAt: Math.floor(Date.now() / 1000) + 3 };
    const response = fakeResponse();
    const answer = JSON.parse(await polls.poll(expiring, { channel: [board], cursor: undefined, wait: '30' }, response)) as PollResponse;
    response.emit('close');
    expect(Date.now()).toBeGreaterThanOrEqual(expiring.tokenExpiresAt * 1000);
    expect(answer.events.map((event) => event.type)).toEqual(['session.expiring', 'stream.closing']);
    expect(answer.events[1]).toMatchObject({ data: { reason: 'session_expired' } });
  });

  it("answers a channel that starts over while held with reset and the new epoch's first event, the cursor at that event", async () => {
    const start = await poll({ wait: '0' });
    const answer = poll({ cursor: start.cursor, wait: '30' });
    await held();
    // What a pod sees when Redis lost the channel's data: a live event of a new epoch.
    const [listener] = [
      ...(bus as unknown as { channels: Map<string, { listeners: Set<ChannelListener> }> }).channels.get(board)!.listeners,
    ];
    const json = JSON.stringify({ id: '5-0', channel: board, type: 'note.deleted', data: { boardId: 'b1', noteId: 'fresh' } });
    listener.onEvent({ channel: board, id: '5-0', epoch: 'fresh', type: 'note.deleted', json, ephemeral: false });
    const { events, cursor, reset } = await answer;
    expect(reset).toEqual({ channels: [board] });
    expect(noteIds({ events, cursor })).toEqual(['fresh']);
    expect(parseCursor(cursor)?.get(board)).toEqual({ epoch: 'fresh', id: '5-0' });
  });

  it('lets go of everything at once when the client leaves: listeners, its place, its presence', async () => {
    const response = fakeResponse();
    const body = polls.poll(user, { channel: [board], cursor: undefined, wait: '30' }, response);
    await held();
    expect(bus.activeChannels).toBe(2);
    expect(opened).toHaveLength(1);
    response.emit('close');
    expect(await body).toBe('');
    expect(bus.activeChannels).toBe(0);
    expect(connections.openByTransport).toEqual({ sse: 0, poll: 0 });
    expect(closed).toEqual(opened);
  });

  it('refuses a bad wait, a repeated or overlong cursor before taking a place', async () => {
    for (const wait of ['31', '-1', '2.5', 'soon', '', '007']) {
      await expect(poll({ wait })).rejects.toMatchObject({ kind: 'invalid', message: expect.stringMatching(/^wait /) });
    }
    await expect(polls.poll(user, { channel: [], cursor: ['a', 'b'], wait: '0' }, fakeResponse())).rejects.toMatchObject({
      message: expect.stringMatching(/^cursor must be given once/),
    });
    await expect(poll({ cursor: 'x'.repeat(8193) })).rejects.toMatchObject({ message: expect.stringMatching(/^cursor is too long/) });
    expect(opened).toHaveLength(0);
  });
});
