import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject, filter } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { AppNotification, NotificationList } from '@contracts/chat';
import type { AnyEventEnvelope, EventMap, EventType } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { RealtimeClient } from '../realtime/realtime-client';
import { NotificationsStore } from './notifications-store';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const bob = { id: 'u2', username: 'bob', displayName: 'Bob' };

function mention(id: string, createdAt: string, read = false): AppNotification {
  return { id, createdAt, read, kind: 'mention', roomId: 'board:b1', messageId: '1-0', from: bob, excerpt: `hi @alice (${id})` };
}

describe('NotificationsStore', () => {
  let store: NotificationsStore;
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;

  function push<T extends EventType>(type: T, data: EventMap[T], timestamp = '2026-01-01T12:00:00.000Z'): void {
    events.next({ id: '', channel: 'user:u1', type, timestamp, userId: 'u2', data } as AnyEventEnvelope);
  }

  async function load(list: AppNotification[]): Promise<void> {
    const loaded = store.load();
    http
      .expectOne('/api/notifications')
      .flush({ notifications: list, unreadCount: list.filter((n) => !n.read).length } satisfies NotificationList);
    await loaded;
  }

  beforeEach(async () => {
    events = new Subject();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        NotificationsStore,
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
    store = TestBed.inject(NotificationsStore);
  });

  afterEach(() => http.verify());

  it('loads the list newest first and counts the unread', async () => {
    await load([mention('n2', '2026-01-01T11:00:00Z'), mention('n1', '2026-01-01T10:00:00Z', true)]);

    expect(store.status()).toBe('ready');
    expect(store.notifications().map((n) => n.id)).toEqual(['n2', 'n1']);
    expect(store.unreadCount()).toBe(1);
  });

  it('counts each live notification once, newest on top', async () => {
    await load([mention('n1', '2026-01-01T10:00:00Z')]);
    push('notification', {
      id: 'n2',
      createdAt: '2026-01-01T11:00:00Z',
      read: false,
      kind: 'board_invite',
      invitationId: 'i2',
      boardId: 'b2',
      boardTitle: 'Roadmap',
      role: 'editor',
      from: bob,
    });
    push('notification', mention('n3', '2026-01-01T12:00:00Z'));
    push('notification', mention('n3', '2026-01-01T12:00:00Z'));

    expect(store.unreadCount()).toBe(3);
    expect(store.notifications().map((n) => n.id)).toEqual(['n3', 'n2', 'n1']);
  });

  it('follows reads made in other tabs: some, then all', async () => {
    await load([mention('n3', '2026-01-01T12:00:00Z'), mention('n2', '2026-01-01T11:00:00Z'), mention('n1', '2026-01-01T10:00:00Z')]);

    push('notification.read', { ids: ['n2'] });
    expect(store.unreadCount()).toBe(2);
    push('notification.read', {});
    expect(store.unreadCount()).toBe(0);
  });

  it('marks read at once and tells the server, ids or all', async () => {
    await load([mention('n2', '2026-01-01T11:00:00Z'), mention('n1', '2026-01-01T10:00:00Z')]);

    store.markRead(['n1']);
    expect(store.unreadCount()).toBe(1);
    expect(http.expectOne({ method: 'POST', url: '/api/notifications/read' }).request.body).toEqual({ ids: ['n1'] });

    store.markRead();
    expect(store.unreadCount()).toBe(0);
    const all = http.expectOne({ method: 'POST', url: '/api/notifications/read' });
    expect(all.request.body).toEqual({});
    all.flush(null, { status: 204, statusText: 'No Content' });

    store.markRead();
    http.expectNone({ method: 'POST', url: '/api/notifications/read' });
  });

  it('reloads when marking read fails, to show what the server holds', async () => {
    await load([mention('n1', '2026-01-01T10:00:00Z')]);
    store.markRead();
    http
      .expectOne({ method: 'POST', url: '/api/notifications/read' })
      .flush({ message: 'down' }, { status: 503, statusText: 'Unavailable' });

    http.expectOne('/api/notifications').flush({ notifications: [mention('n1', '2026-01-01T10:00:00Z')], unreadCount: 1 });
    await vi.waitFor(() => expect(store.unreadCount()).toBe(1));
  });

  it('keeps what arrived and what was read while the list was loading', async () => {
    const loaded = store.load();
    push('notification', mention('n3', '2026-01-01T12:00:00Z'));
    push('notification.read', { ids: ['n1'] });
    http
      .expectOne('/api/notifications')
      .flush({ notifications: [mention('n2', '2026-01-01T11:00:00Z'), mention('n1', '2026-01-01T10:00:00Z')], unreadCount: 2 });
    await loaded;

    expect(store.notifications().map((n) => [n.id, n.read])).toEqual([
      ['n3', false],
      ['n2', false],
      ['n1', true],
    ]);
    expect(store.unreadCount()).toBe(2);
  });

  it('reloads after a reset of the user channel', async () => {
    await load([]);
    push('reset', { channels: ['user:u1'] });
    http.expectOne('/api/notifications').flush({ notifications: [mention('n1', '2026-01-01T10:00:00Z')], unreadCount: 1 });
    await vi.waitFor(() => expect(store.unreadCount()).toBe(1));
  });
});
