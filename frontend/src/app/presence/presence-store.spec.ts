import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { AnyEventEnvelope, EventMap, EventType } from '@contracts/events';
import type { PresentUser } from '@contracts/presence';

import { AuthStore } from '../auth/auth-store';
import { RealtimeClient } from '../realtime/realtime-client';
import { CURSOR_FADE_MS, CURSOR_IDLE_MS, PresenceStore } from './presence-store';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const here = (userId: string, changes: Partial<PresentUser> = {}): PresentUser => ({
  userId,
  username: userId,
  displayName: userId.toUpperCase(),
  since: `2026-11-22T10:0${userId.length}:00.000Z`,
  status: 'online',
  ...changes,
});

describe('PresenceStore', () => {
  let store: PresenceStore;
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;
  let realtime: { channel: ReturnType<typeof vi.fn> };

  function push<T extends EventType>(type: T, data: EventMap[T], userId: string | null = 'u2'): void {
    events.next({ id: type === 'cursor.moved' ? '' : '1-0', channel: 'board:b1', type, timestamp: '', userId, data } as AnyEventEnvelope);
  }

  const ids = (): string[] => store.users().map((user) => user.userId);

  beforeEach(async () => {
    events = new Subject();
    realtime = { channel: vi.fn(() => events.asObservable()) };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        PresenceStore,
        { provide: RealtimeClient, useValue: realtime },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
    store = TestBed.inject(PresenceStore);
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  it('follows the board channel before reading the snapshot, then applies what arrived meanwhile on top', () => {
    store.open('b1');
    expect(realtime.channel).toHaveBeenCalledWith('board:b1');
    const snapshot = http.expectOne('/api/boards/b1/presence');

    // These happen while the snapshot is on its way: they must not be lost or overwritten.
    push('presence.joined', here('carol'));
    push('presence.left', { userId: 'bob' });
    snapshot.flush({ users: [here('u1'), here('bob')] });

    expect(ids()).toEqual(['u1', 'carol']);
  });

  it('adds joiners, removes leavers and updates statuses', () => {
    store.open('b1');
    http.expectOne('/api/boards/b1/presence').flush({ users: [here('u1')] });

    push('presence.joined', here('bob'));
    expect(ids()).toEqual(['u1', 'bob']);
    expect(store.byId().get('bob')?.displayName).toBe('BOB');

    push('presence.updated', { userId: 'bob', status: 'busy' });
    expect(store.byId().get('bob')?.status).toBe('busy');

    // A status of someone not here changes nothing.
    push('presence.updated', { userId: 'nobody', status: 'away' });
    expect(ids()).toEqual(['u1', 'bob']);

    push('presence.left', { userId: 'bob' });
    expect(ids()).toEqual(['u1']);
  });

  it('orders users by how long they have been here', () => {
    store.open('b1');
    http.expectOne('/api/boards/b1/presence').flush({
      users: [here('late', { since: '2026-11-22T11:00:00Z' }), here('early', { since: '2026-11-22T09:00:00Z' })],
    });
    expect(ids()).toEqual(['early', 'late']);
  });

  it('reads the snapshot again after a reset of the board channel', () => {
    store.open('b1');
    http.expectOne('/api/boards/b1/presence').flush({ users: [here('bob')] });

    push('reset', { channels: ['board:b1'] }, null);
    http.expectOne('/api/boards/b1/presence').flush({ users: [here('carol')] });

    expect(ids()).toEqual(['carol']);
  });

  it('shows other users’ cursors, never our own, and drops a leaver’s cursor', () => {
    store.open('b1');
    http.expectOne('/api/boards/b1/presence').flush({ users: [here('u1'), here('u2')] });

    push('cursor.moved', { userId: 'u1', x: 5, y: 5 }, 'u1');
    push('cursor.moved', { userId: 'u2', x: 100, y: 200 });
    push('cursor.moved', { userId: 'u2', x: 120, y: 210 });

    expect(store.cursors()).toEqual([{ userId: 'u2', x: 120, y: 210, idle: false }]);

    push('presence.left', { userId: 'u2' });
    expect(store.cursors()).toEqual([]);
  });

  it('fades a cursor that stops moving, then removes it; movement brings it back', () => {
    vi.useFakeTimers();
    store.open('b1');
    http.expectOne('/api/boards/b1/presence').flush({ users: [] });

    push('cursor.moved', { userId: 'u2', x: 10, y: 10 });
    vi.advanceTimersByTime(CURSOR_IDLE_MS - 100);
    push('cursor.moved', { userId: 'u2', x: 20, y: 10 });
    vi.advanceTimersByTime(CURSOR_IDLE_MS - 1);
    expect(store.cursors()[0].idle).toBe(false);

    vi.advanceTimersByTime(1);
    expect(store.cursors()).toEqual([{ userId: 'u2', x: 20, y: 10, idle: true }]);

    vi.advanceTimersByTime(CURSOR_FADE_MS);
    expect(store.cursors()).toEqual([]);

    push('cursor.moved', { userId: 'u2', x: 30, y: 10 });
    expect(store.cursors()).toEqual([{ userId: 'u2', x: 30, y: 10, idle: false }]);
  });

  it('forgets everything when it closes and ignores a late snapshot', () => {
    store.open('b1');
    const snapshot = http.expectOne('/api/boards/b1/presence');
    store.close();
    snapshot.flush({ users: [here('bob')] });
    push('presence.joined', here('carol'));

    expect(store.users()).toEqual([]);
  });

  it('takes a removed member off the board at once, pointer and all', () => {
    store.open('b1');
    http.expectOne('/api/boards/b1/presence').flush({ users: [here('u1'), here('u2')] });
    push('cursor.moved', { userId: 'u2', x: 100, y: 200 });

    push('board.member_removed', { boardId: 'b1', userId: 'u2', reason: 'removed' }, 'u1');

    expect(ids()).toEqual(['u1']);
    expect(store.cursors()).toEqual([]);
  });

  it('stops following a board the user lost, and shows nobody on it', () => {
    store.open('b1');
    http.expectOne('/api/boards/b1/presence').flush({ users: [here('u1'), here('u2')] });
    expect(events.observed).toBe(true);

    push('channel.revoked', { channel: 'board:b1', reason: 'removed' }, null);

    expect(store.users()).toEqual([]);
    expect(events.observed).toBe(false);
    expect(store.boardId).toBe('');
  });
});
