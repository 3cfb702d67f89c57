import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { AnyEventEnvelope, EventMap, EventType } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { RealtimeClient } from '../realtime/realtime-client';
import type { ScrollView } from './viewport-math';
import { type ViewportHost, ViewportStore } from './viewport-store';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };

/** A 1000 × 600 view that does what the store tells it. */
class FakeHost implements ViewportHost {
  scroll: ScrollView = { left: 0, top: 0, width: 1000, height: 600 };
  zoom = 1;
  view(): ScrollView {
    return this.scroll;
  }
  apply(zoom: number, scroll: { left: number; top: number }): void {
    this.zoom = zoom;
    this.scroll = { ...this.scroll, ...scroll };
  }
}

describe('ViewportStore', () => {
  let store: ViewportStore;
  let host: FakeHost;
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;

  function push<T extends EventType>(type: T, data: EventMap[T], userId: string | null = 'u2'): void {
    events.next({ id: '', channel: 'board:b1', type, timestamp: '', userId, data } as AnyEventEnvelope);
  }

  beforeEach(async () => {
    events = new Subject();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        ViewportStore,
        { provide: RealtimeClient, useValue: { channel: vi.fn(() => events.asObservable()) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
    store = TestBed.inject(ViewportStore);
    host = new FakeHost();
    store.open('b1');
    store.attach(host);
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  it('tells the others where we look: the centre point and the zoom', () => {
    store.changed();
    const sent = http.expectOne('/api/boards/b1/viewport');
    expect(sent.request.body).toEqual({ x: 500, y: 300, zoom: 1 });
    sent.flush(null);
  });

  it('follows a member: their centre at their zoom on our screen, and every move after', () => {
    push('viewport.moved', { userId: 'u2', x: 2000, y: 1500, zoom: 0.5 });
    store.follow('u2');
    expect(store.leaderId()).toBe('u2');
    expect(host.zoom).toBe(0.5);
    expect(host.scroll).toMatchObject({ left: 500, top: 450 });
    expect(store.zoom()).toBe(0.5);

    push('viewport.moved', { userId: 'u2', x: 1000, y: 1000, zoom: 2 });
    expect(host.zoom).toBe(2);
    expect(host.scroll).toMatchObject({ left: 1500, top: 1700 });
    http.match('/api/boards/b1/viewport').forEach((request) => request.flush(null));
  });

  it('stops following on our own zoom, and when the leader leaves', () => {
    store.follow('u2');
    store.zoomTo(1.5);
    expect(store.leaderId()).toBeNull();

    store.follow('u2');
    push('presence.left', { userId: 'u3' });
    expect(store.leaderId()).toBe('u2');
    push('presence.left', { userId: 'u2' });
    expect(store.leaderId()).toBeNull();
    http.match('/api/boards/b1/viewport').forEach((request) => request.flush(null));
  });

  it('follows whoever brings everyone to them, but not our own summons', () => {
    push('viewport.summoned', { userId: 'u3', x: 1200, y: 800, zoom: 1 });
    expect(store.leaderId()).toBe('u3');
    expect(store.summoned()).toBe(true);
    expect(host.scroll).toMatchObject({ left: 700, top: 500 });

    store.stop();
    push('viewport.summoned', { userId: 'u1', x: 10, y: 10, zoom: 1 }, 'u1');
    expect(store.leaderId()).toBeNull();
    http.match('/api/boards/b1/viewport').forEach((request) => request.flush(null));
  });

  it('brings everyone to our view', () => {
    host.scroll = { ...host.scroll, left: 1000, top: 400 };
    store.summon();
    const summon = http.expectOne('/api/boards/b1/viewport/summon');
    expect(summon.request.body).toEqual({ x: 1500, y: 700, zoom: 1 });
    summon.flush(null);
  });

  it('sends our view again when someone joins, since views are never replayed', () => {
    store.changed();
    http.expectOne('/api/boards/b1/viewport').flush(null);
    vi.useFakeTimers();
    push('presence.joined', { userId: 'u4', username: 'dan', displayName: 'Dan', since: '', status: 'online' });
    vi.advanceTimersByTime(200);
    http.expectOne('/api/boards/b1/viewport').flush(null);
  });
});
