import { type HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject, filter } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { ChatMessage, MessagePage } from '@contracts/chat';
import type { AnyEventEnvelope, EventMap, EventType } from '@contracts/events';

import type { ConnectionState } from '../realtime/realtime-client';
import { ChatStore } from './chat-store';
import { signInForChat } from './testing/signed-in-chat';

const ROOM = 'board:b1';
const MESSAGES = '/api/boards/b1/messages';

function message(id: string, changes: Partial<ChatMessage> = {}): ChatMessage {
  return { id, roomId: ROOM, userId: 'u2', content: `message ${id}`, createdAt: '2026-01-01T10:00:00.000Z', ...changes };
}

/** A page as the server sends it: newest first. */
function page(ids: string[], nextBefore: string | null = null): MessagePage {
  return { messages: ids.map((id) => message(id)).reverse(), nextBefore };
}

describe('ChatStore', () => {
  let store: ChatStore;
  let http: HttpTestingController;
  let roomEvents: Subject<AnyEventEnvelope>;
  let userEvents: Subject<AnyEventEnvelope>;
  let state: ReturnType<typeof signal<ConnectionState>>;
  let realtime: { channel: ReturnType<typeof vi.fn>; on: ReturnType<typeof vi.fn>; state: typeof state };

  function push<T extends EventType>(type: T, data: EventMap[T], options: { channel?: string; timestamp?: string } = {}): void {
    const event = {
      id: '',
      channel: options.channel ?? ROOM,
      type,
      timestamp: options.timestamp ?? new Date().toISOString(),
      userId: 'u2',
      data,
    };
    (event.channel === ROOM ? roomEvents : userEvents).next(event as AnyEventEnvelope);
  }

  function expectPage(before?: string): TestRequest {
    return http.expectOne(
      (request) => request.method === 'GET' && request.url === MESSAGES && request.params.get('before') === (before ?? null),
    );
  }

  function open(first: MessagePage = page(['1-0', '2-0'])): void {
    store.open(ROOM);
    expectPage().flush(first);
  }

  const contents = (): string[] => store.entries().map((entry) => entry.content);
  const ids = (): Array<string | null> => store.entries().map((entry) => entry.id);

  beforeEach(async () => {
    roomEvents = new Subject();
    userEvents = new Subject();
    state = signal<ConnectionState>('live');
    realtime = {
      channel: vi.fn(() => roomEvents.asObservable()),
      on: vi.fn((_channel: string, ...types: EventType[]) => userEvents.pipe(filter((event) => types.includes(event.type)))),
      state,
    };
    localStorage.clear();
    http = await signInForChat(realtime);
    store = TestBed.inject(ChatStore);
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  describe('history', () => {
    it('follows the room channel before reading history, and shows it oldest first', async () => {
      store.open(ROOM);
      expect(realtime.channel).toHaveBeenCalledWith(ROOM);
      expect(store.status()).toBe('loading');
      expectPage().flush(page(['1-0', '2-0', '3-0'], '1-0'));
      await Promise.resolve();

      expect(store.status()).toBe('ready');
      expect(ids()).toEqual(['1-0', '2-0', '3-0']);
      expect(store.hasOlder()).toBe(true);
    });

    it('loads older pages with `before`, once at a time, until the start of the room', async () => {
      open(page(['3-0', '4-0'], '3-0'));
      await Promise.resolve();

      const first = store.loadOlder();
      void store.loadOlder();
      expectPage('3-0').flush(page(['1-0', '2-0'], null));
      await first;

      expect(ids()).toEqual(['1-0', '2-0', '3-0', '4-0']);
      expect(store.hasOlder()).toBe(false);
      await store.loadOlder();
    });

    it('orders by id numerically, whatever order messages arrive in', async () => {
      open(page(['9-0']));
      await Promise.resolve();
      push('chat.message', { message: message('10-1') });
      push('chat.message', { message: message('10-0') });

      expect(ids()).toEqual(['9-0', '10-0', '10-1']);
    });

    it('says why it cannot load, and loads again on request', async () => {
      store.open(ROOM);
      expectPage().flush({ statusCode: 403, error: 'Forbidden', message: 'no' }, { status: 403, statusText: 'Forbidden' });
      await Promise.resolve();
      expect(store.status()).toBe('error');
      expect(store.loadError()).toBe('You cannot read this chat any more.');

      store.reload();
      expectPage().flush(page(['1-0']));
      await Promise.resolve();
      expect(store.status()).toBe('ready');
    });
  });

  describe('live messages and de-duplication', () => {
    it('adds live messages and drops replays of messages it already holds', async () => {
      open();
      await Promise.resolve();

      push('chat.message', { message: message('3-0') });
      push('chat.message', { message: message('2-0') });
      push('chat.message', { message: message('3-0') });

      expect(ids()).toEqual(['1-0', '2-0', '3-0']);
    });

    it('keeps live messages that arrive while the first page is on its way, once', async () => {
      store.open(ROOM);
      push('chat.message', { message: message('3-0') });
      expectPage().flush(page(['1-0', '2-0', '3-0']));
      await Promise.resolve();

      expect(ids()).toEqual(['1-0', '2-0', '3-0']);
    });

    it('ignores messages of other rooms and events of other kinds on the channel', async () => {
      open();
      await Promise.resolve();
      push('chat.message', { message: message('5-0', { roomId: 'board:other' }) });
      push('note.deleted', { boardId: 'b1', noteId: 'n1' });

      expect(ids()).toEqual(['1-0', '2-0']);
    });

    it('reads the newest page again when the stream comes back, and merges it without duplicates', async () => {
      open(page(['1-0', '2-0'], null));
      await Promise.resolve();

      state.set('reconnecting');
      TestBed.tick();
      state.set('live');
      TestBed.tick();
      push('chat.message', { message: message('3-0') });
      expectPage().flush(page(['1-0', '2-0', '3-0', '4-0']));
      await Promise.resolve();

      expect(ids()).toEqual(['1-0', '2-0', '3-0', '4-0']);
    });

    it('pages back after a reconnect until it meets what it holds', async () => {
      open(page(['1-0', '2-0'], '1-0'));
      await Promise.resolve();

      state.set('offline');
      TestBed.tick();
      state.set('live');
      TestBed.tick();
      expectPage().flush(page(['5-0', '6-0'], '5-0'));
      await vi.waitFor(() => expectPage('5-0').flush(page(['2-0', '3-0', '4-0'], '2-0')));
      await vi.waitFor(() => expect(ids()).toEqual(['1-0', '2-0', '3-0', '4-0', '5-0', '6-0']));
      expect(store.hasOlder()).toBe(true);
    });

    it('when the room opens before the stream is live, catches up to the first page only', async () => {
      state.set('connecting');
      TestBed.tick();
      open(page(['3-0', '4-0'], '3-0'));
      await Promise.resolve();
      state.set('live');
      TestBed.tick();
      expectPage().flush(page(['4-0', '5-0'], '4-0'));
      await vi.waitFor(() => expect(ids()).toEqual(['3-0', '4-0', '5-0']));

      http.expectNone((request) => request.params.get('before') === '4-0');
      expect(store.hasOlder()).toBe(true);
    });

    it('when the stream goes live while the first page is on its way, reads no further back than that page', async () => {
      state.set('connecting');
      TestBed.tick();
      store.open(ROOM);
      state.set('live');
      TestBed.tick();
      const [first, catchUp] = http.match((request) => request.url === MESSAGES && !request.params.has('before'));
      first.flush(page(['3-0', '4-0'], '3-0'));
      await Promise.resolve();
      catchUp.flush(page(['3-0', '4-0'], '3-0'));
      // Every continuation of both reads has run once a macrotask has passed.
      await new Promise((resolve) => setTimeout(resolve));

      http.expectNone((request) => request.params.has('before'));
      expect(ids()).toEqual(['3-0', '4-0']);
      expect(store.hasOlder()).toBe(true);
    });

    it('pages back after a reconnect from an empty room that filled up meanwhile', async () => {
      open(page([]));
      await Promise.resolve();
      state.set('offline');
      TestBed.tick();
      state.set('live');
      TestBed.tick();
      expectPage().flush(page(['3-0', '4-0'], '3-0'));
      await vi.waitFor(() => expectPage('3-0').flush(page(['1-0', '2-0'], null)));
      await vi.waitFor(() => expect(ids()).toEqual(['1-0', '2-0', '3-0', '4-0']));
      expect(store.hasOlder()).toBe(false);
    });

    it('starts over from the newest pages when the gap is too long to page through', async () => {
      open(page(['1-0', '2-0'], '1-0'));
      await Promise.resolve();
      state.set('offline');
      TestBed.tick();
      state.set('live');
      TestBed.tick();

      expectPage().flush(page(['9-0', '10-0'], '9-0'));
      await vi.waitFor(() => expectPage('9-0').flush(page(['7-0', '8-0'], '7-0')));
      await vi.waitFor(() => expectPage('7-0').flush(page(['5-0', '6-0'], '5-0')));
      await vi.waitFor(() => expectPage('5-0').flush(page(['3-0', '4-0'], '3-0')));
      await vi.waitFor(() => expect(ids()).toEqual(['3-0', '4-0', '5-0', '6-0', '7-0', '8-0', '9-0', '10-0']));

      const older = store.loadOlder();
      expectPage('3-0').flush(page(['1-0', '2-0'], null));
      await older;
      expect(ids()).toHaveLength(10);
      expect(store.hasOlder()).toBe(false);
    });

    it('refetches on a reset of the room channel', async () => {
      open();
      await Promise.resolve();
      push('reset', { channels: [ROOM] });
      expectPage().flush(page(['2-0', '3-0']));
      await Promise.resolve();

      expect(ids()).toEqual(['1-0', '2-0', '3-0']);
    });
  });

  describe('sending', () => {
    it('shows the message as pending at once and confirms it by the echo of its clientId', async () => {
      open();
      await Promise.resolve();

      expect(store.send('  hello there  ')).toBe(true);
      const [pending] = store.entries().slice(-1);
      expect(pending).toEqual(expect.objectContaining({ content: 'hello there', state: 'pending', userId: 'u1', id: null }));
      const post = http.expectOne({ method: 'POST', url: MESSAGES });
      expect(post.request.body).toEqual({ content: 'hello there', clientId: pending.clientId });

      push('chat.message', { message: message('3-0', { userId: 'u1', content: 'hello there', clientId: pending.clientId! }) });
      expect(store.entries().slice(-1)[0]).toEqual(expect.objectContaining({ id: '3-0', state: 'sent', content: 'hello there' }));

      post.flush(message('3-0', { userId: 'u1', content: 'hello there', clientId: pending.clientId! }));
      expect(contents()).toEqual(['message 1-0', 'message 2-0', 'hello there']);
    });

    it('confirms by the answer when it comes before the echo, and ignores the echo then', async () => {
      open();
      await Promise.resolve();
      store.send('hi');
      const clientId = store.entries().at(-1)!.clientId!;

      http.expectOne({ method: 'POST', url: MESSAGES }).flush(message('3-0', { userId: 'u1', content: 'hi', clientId }));
      push('chat.message', { message: message('3-0', { userId: 'u1', content: 'hi', clientId }) });

      expect(store.entries().map((entry) => [entry.id, entry.state])).toEqual([
        ['1-0', 'sent'],
        ['2-0', 'sent'],
        ['3-0', 'sent'],
      ]);
    });

    it('keeps pending messages below the stored ones, in the order they were written', async () => {
      open();
      await Promise.resolve();
      store.send('first');
      store.send('second');
      push('chat.message', { message: message('3-0') });

      expect(contents()).toEqual(['message 1-0', 'message 2-0', 'message 3-0', 'first', 'second']);
      http.match({ method: 'POST', url: MESSAGES });
    });

    it('marks a failed send, and a retry sends it again with the same clientId', async () => {
      open();
      await Promise.resolve();
      store.send('hello');
      const entry = store.entries().at(-1)!;
      http
        .expectOne({ method: 'POST', url: MESSAGES })
        .flush({ statusCode: 503, error: 'Unavailable', message: 'Try later' }, { status: 503, statusText: 'Unavailable' });

      expect(store.entries().at(-1)).toEqual(
        expect.objectContaining({ key: entry.key, state: 'failed', error: 'The server is busy right now. Try again in a moment.' }),
      );

      store.retry(entry.key);
      expect(store.entries().at(-1)!.state).toBe('pending');
      const again = http.expectOne({ method: 'POST', url: MESSAGES });
      expect(again.request.body).toEqual({ content: 'hello', clientId: entry.clientId });
      again.flush(message('3-0', { userId: 'u1', content: 'hello', clientId: entry.clientId! }));

      expect(store.entries().map((shown) => [shown.content, shown.state])).toEqual([
        ['message 1-0', 'sent'],
        ['message 2-0', 'sent'],
        ['hello', 'sent'],
      ]);
    });

    it('says how long to wait when the rate limit refuses a message', async () => {
      open();
      await Promise.resolve();
      store.send('too fast');
      http
        .expectOne({ method: 'POST', url: MESSAGES })
        .flush(
          { statusCode: 429, error: 'Too Many Requests', message: 'Slow down' },
          { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '7' } },
        );

      expect(store.entries().at(-1)).toEqual(expect.objectContaining({ state: 'failed', error: 'Sending too fast. Retry in 7 s.' }));
    });

    it('takes a failed message as sent when its echo arrives after all', async () => {
      open();
      await Promise.resolve();
      store.send('lost answer');
      const clientId = store.entries().at(-1)!.clientId!;
      http.expectOne({ method: 'POST', url: MESSAGES }).error(new ProgressEvent('error'));
      expect(store.entries().at(-1)!.state).toBe('failed');

      push('chat.message', { message: message('3-0', { userId: 'u1', content: 'lost answer', clientId }) });
      expect(store.entries().at(-1)).toEqual(expect.objectContaining({ id: '3-0', state: 'sent' }));
      expect(store.entries()).toHaveLength(3);
    });

    it('sends nothing empty or too long', async () => {
      open();
      await Promise.resolve();
      expect(store.send('   ')).toBe(false);
      expect(store.send('x'.repeat(4001))).toBe(false);
      expect(store.entries()).toHaveLength(2);
    });
  });

  describe('typing', () => {
    beforeEach(() => vi.useFakeTimers());

    it('shows who is typing until `until`, measured on the server’s clock', async () => {
      open();
      await vi.advanceTimersByTimeAsync(0);
      push('chat.typing', { roomId: ROOM, userId: 'u2', until: '2026-01-01T10:00:05.000Z' }, { timestamp: '2026-01-01T10:00:00.000Z' });
      expect(store.typing()).toEqual(['u2']);

      await vi.advanceTimersByTimeAsync(4_999);
      expect(store.typing()).toEqual(['u2']);
      await vi.advanceTimersByTimeAsync(1);
      expect(store.typing()).toEqual([]);
    });

    it('hides the indicator when the typist’s message arrives, and never shows our own', async () => {
      open();
      await vi.advanceTimersByTimeAsync(0);
      push('chat.typing', { roomId: ROOM, userId: 'u1', until: '2026-01-01T10:00:05.000Z' }, { timestamp: '2026-01-01T10:00:00.000Z' });
      expect(store.typing()).toEqual([]);

      push('chat.typing', { roomId: ROOM, userId: 'u2', until: '2026-01-01T10:00:05.000Z' }, { timestamp: '2026-01-01T10:00:00.000Z' });
      push('chat.message', { message: message('3-0') });
      expect(store.typing()).toEqual([]);
    });

    it('tells the room at most every 2 s', async () => {
      open();
      await vi.advanceTimersByTimeAsync(0);
      const typing = (): TestRequest[] => http.match({ method: 'POST', url: '/api/boards/b1/typing' });

      store.notifyTyping();
      store.notifyTyping();
      expect(typing()).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1_999);
      store.notifyTyping();
      expect(typing()).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      store.notifyTyping();
      expect(typing()).toHaveLength(1);
    });
  });

  describe('read markers', () => {
    it('counts messages by others after the marker and moves the marker when read', async () => {
      open();
      await Promise.resolve();
      // First visit: what was there counts as read.
      expect(store.unread()).toBe(0);

      push('chat.message', { message: message('3-0') });
      push('chat.message', { message: message('4-0', { userId: 'u1' }) });
      push('chat.message', { message: message('5-0') });
      expect(store.unread()).toBe(2);

      store.markRead();
      store.markRead();
      const read = http.expectOne({ method: 'POST', url: '/api/boards/b1/read' });
      expect(read.request.body).toEqual({ messageId: '5-0' });
      expect(store.unread()).toBe(0);
    });

    it('tells the server once per newer message by others, never for our own', async () => {
      open();
      await Promise.resolve();
      // History by others is read on the server too (it counts conversations' unread).
      store.markRead();
      expect(http.expectOne({ method: 'POST', url: '/api/boards/b1/read' }).request.body).toEqual({ messageId: '2-0' });

      push('chat.message', { message: message('3-0', { userId: 'u1' }) });
      store.markRead();
      http.expectNone({ method: 'POST', url: '/api/boards/b1/read' });
      expect(store.unread()).toBe(0);

      push('chat.read', { roomId: ROOM, messageId: '4-0' }, { channel: 'user:u1' });
      push('chat.message', { message: message('4-0') });
      store.markRead();
      http.expectNone({ method: 'POST', url: '/api/boards/b1/read' });
    });

    it('remembers a visit to an empty room, so what comes later counts as unread', async () => {
      open(page([]));
      await Promise.resolve();
      push('chat.message', { message: message('1-0') });
      expect(store.unread()).toBe(1);

      store.open(ROOM);
      expectPage().flush(page(['1-0']));
      await Promise.resolve();
      expect(store.unread()).toBe(1);
    });

    it('follows the marker moved in another tab, and remembers it for the next visit', async () => {
      open();
      await Promise.resolve();
      push('chat.message', { message: message('3-0') });
      push('chat.message', { message: message('4-0') });
      expect(store.unread()).toBe(2);

      push('chat.read', { roomId: ROOM, messageId: '3-0' }, { channel: 'user:u1' });
      expect(store.unread()).toBe(1);
      push('chat.read', { roomId: 'board:other', messageId: '9-0' }, { channel: 'user:u1' });
      expect(store.unread()).toBe(1);

      store.open(ROOM);
      expectPage().flush(page(['1-0', '2-0', '3-0', '4-0']));
      await Promise.resolve();
      expect(store.unread()).toBe(1);
    });
  });
});
