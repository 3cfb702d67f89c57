import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject, filter } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { ChatMessage, Conversation } from '@contracts/chat';
import type { AnyEventEnvelope, EventMap, EventType } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { RealtimeClient } from '../realtime/realtime-client';
import { ConversationsStore } from './conversations-store';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const bob = { id: 'u2', username: 'bob', displayName: 'Bob' };
const carol = { id: 'u3', username: 'carol', displayName: 'Carol' };

function message(conversationId: string, id: string, userId = 'u2', createdAt = '2026-01-01T10:00:00.000Z'): ChatMessage {
  return { id, roomId: `conversation:${conversationId}`, userId, content: `text ${id}`, createdAt };
}

function conversation(id: string, changes: Partial<Conversation> = {}): Conversation {
  return {
    id,
    participants: [alice, bob],
    createdAt: '2026-01-01T09:00:00.000Z',
    lastMessage: null,
    unreadCount: 0,
    encrypted: false,
    ...changes,
  };
}

describe('ConversationsStore', () => {
  let store: ConversationsStore;
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;

  function push<T extends EventType>(type: T, data: EventMap[T]): void {
    events.next({ id: '', channel: 'user:u1', type, timestamp: '', userId: 'u2', data } as AnyEventEnvelope);
  }

  async function load(list: Conversation[]): Promise<void> {
    const loaded = store.load();
    http.expectOne('/api/conversations').flush(list);
    await loaded;
  }

  const unread = (id: string): number | undefined => store.find(id)?.unreadCount;

  beforeEach(async () => {
    events = new Subject();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        ConversationsStore,
        {
          provide: RealtimeClient,
          useValue: { on: vi.fn((_channel: string, ...types: EventType[]) => events.pipe(filter((event) => types.includes(event.type)))) },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
    store = TestBed.inject(ConversationsStore);
  });

  afterEach(() => http.verify());

  it('lists conversations by latest activity and sums their unread counts', async () => {
    await load([
      conversation('c1', { lastMessage: message('c1', '1-0', 'u2', '2026-01-01T10:00:00.000Z'), unreadCount: 2 }),
      conversation('c2', { lastMessage: message('c2', '1-0', 'u2', '2026-01-01T11:00:00.000Z'), unreadCount: 1 }),
      conversation('c3'),
    ]);

    expect(store.conversations().map((c) => c.id)).toEqual(['c2', 'c1', 'c3']);
    expect(store.totalUnread()).toBe(3);
  });

  it('adds conversations started with us, once', async () => {
    await load([]);
    push('conversation.created', { conversation: conversation('c1', { participants: [alice, bob, carol] }) });
    push('conversation.created', { conversation: conversation('c1') });

    expect(store.conversations()).toHaveLength(1);
    expect(store.find('c1')?.participants).toHaveLength(3);
  });

  it('moves activity to the top and counts each new message once', async () => {
    await load([
      conversation('c1', { lastMessage: message('c1', '5-0') }),
      conversation('c2', { lastMessage: message('c2', '1-0', 'u2', '2026-01-01T11:00:00.000Z') }),
    ]);

    const news = message('c1', '6-0', 'u2', '2026-01-01T12:00:00.000Z');
    push('conversation.activity', { conversationId: 'c1', message: news });
    push('conversation.activity', { conversationId: 'c1', message: news });
    push('conversation.activity', { conversationId: 'c1', message: message('c1', '4-0') });

    expect(store.conversations()[0].id).toBe('c1');
    expect(store.find('c1')?.lastMessage?.id).toBe('6-0');
    expect(unread('c1')).toBe(1);
    expect(store.totalUnread()).toBe(1);
  });

  it('fetches a conversation it did not know when activity arrives for it', async () => {
    await load([]);
    push('conversation.activity', { conversationId: 'c9', message: message('c9', '1-0') });
    http.expectOne('/api/conversations/c9').flush(conversation('c9', { lastMessage: message('c9', '1-0'), unreadCount: 1 }));
    await vi.waitFor(() => expect(unread('c9')).toBe(1));
  });

  it('clears the count when read up to the last message in any tab, and asks when read to the middle', async () => {
    await load([conversation('c1', { lastMessage: message('c1', '9-0'), unreadCount: 3 })]);

    push('chat.read', { roomId: 'conversation:c1', messageId: '7-0' });
    http.expectOne('/api/conversations/c1').flush(conversation('c1', { lastMessage: message('c1', '9-0'), unreadCount: 2 }));
    await vi.waitFor(() => expect(unread('c1')).toBe(2));

    push('chat.read', { roomId: 'board:b1', messageId: '99-0' });
    expect(unread('c1')).toBe(2);
    push('chat.read', { roomId: 'conversation:c1', messageId: '9-0' });
    expect(unread('c1')).toBe(0);
  });

  it('takes our own messages from the open conversation as the last message, without counting them', async () => {
    await load([conversation('c1', { lastMessage: message('c1', '1-0') })]);
    store.touch('c1', message('c1', '2-0', 'u1'));
    store.touch('c1', message('c1', '1-0'));

    expect(store.find('c1')?.lastMessage?.id).toBe('2-0');
    expect(unread('c1')).toBe(0);
  });

  it('starts a conversation and keeps it even if the list answer predates it', async () => {
    const loaded = store.load();
    const started = store.start(['bob']);
    const post = http.expectOne({ method: 'POST', url: '/api/conversations' });
    expect(post.request.body).toEqual({ usernames: ['bob'] });
    post.flush(conversation('c1'), { status: 201, statusText: 'Created' });
    await started;
    http.expectOne('/api/conversations').flush([]);
    await loaded;

    expect(store.conversations().map((c) => c.id)).toEqual(['c1']);
  });
});
