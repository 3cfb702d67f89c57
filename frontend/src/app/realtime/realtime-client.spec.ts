import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { type Subscription, firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { AnyEventEnvelope } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { EVENT_SOURCE_FACTORY } from './event-source';
import { REVOCATION_RECHECK_MS, RealtimeClient } from './realtime-client';
import { type ProbeResult, StreamProbe } from './stream-probe';
import { FakeEventSource, cursorOf } from './testing/fake-event-source';

@Component({ template: '' })
class StubPage {}

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const USER = 'user:u1';
const BOARD = 'board:b1';
const UNAUTHORIZED = { status: 401, statusText: 'Unauthorized' };
const me = () => ({ ...alice, roles: ['user'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() });

describe('RealtimeClient', () => {
  let client: RealtimeClient;
  let http: HttpTestingController;
  let probe: { check: ReturnType<typeof vi.fn<(url: string) => Promise<ProbeResult>>> };
  const subscriptions: Subscription[] = [];

  function listen(channel: string, hint?: string): AnyEventEnvelope[] {
    const received: AnyEventEnvelope[] = [];
    subscriptions.push(client.channel(channel, hint).subscribe((event) => received.push(event)));
    return received;
  }

  /** Lets the probe's promise settle and timers run, as the browser would. */
  async function elapse(ms: number): Promise<void> {
    await vi.advanceTimersByTimeAsync(ms);
  }

  beforeEach(async () => {
    vi.useFakeTimers();
    // No jitter: the schedule is exact.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    FakeEventSource.reset();
    probe = { check: vi.fn(async () => ({ status: 200 })) };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: StubPage },
          { path: 'boards', component: StubPage },
        ]),
        { provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) },
        { provide: StreamProbe, useValue: probe },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
    await TestBed.inject(Router).navigateByUrl('/boards');
    client = TestBed.inject(RealtimeClient);
  });

  afterEach(() => {
    subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe());
    http.match('/api/events/ping');
    http.verify();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('carries every wanted channel on one EventSource and hands each subscriber its own channel', () => {
    const userEvents = listen(USER);
    const boardEvents = listen(BOARD);

    expect(FakeEventSource.open()).toHaveLength(1);
    const source = FakeEventSource.latest();
    expect(source.channels).toEqual([USER, BOARD]);

    source.ready(cursorOf({ [USER]: '1-0', [BOARD]: '1-0' }));
    source.emit('note.deleted', { boardId: 'b1', noteId: 'n1' }, { channel: BOARD, id: cursorOf({ [USER]: '1-0', [BOARD]: '2-0' }) });

    expect(boardEvents.map((event) => event.type)).toEqual(['note.deleted']);
    expect(userEvents).toEqual([]);
  });

  it('filters by event type, typed by the EventMap', async () => {
    const first = firstValueFrom(client.on(USER, 'notification'));
    const source = FakeEventSource.latest();
    source.ready(cursorOf({ [USER]: '1-0' }));
    source.emit('heartbeat', {}, { id: cursorOf({ [USER]: '1-0' }) });
    const board = { id: 'b1', title: 'Retro', ownerId: 'u2', members: [], createdAt: '' };
    const invite = {
      id: 'x',
      createdAt: '',
      read: false,
      kind: 'board_invite' as const,
      boardId: 'b1',
      boardTitle: 'Retro',
      from: alice,
      board,
    };
    source.emit('notification', invite, { channel: USER });

    const event = await first;
    expect(event.type).toBe('notification');
    expect(event.data.kind === 'board_invite' && event.data.boardTitle).toBe('Retro');
  });

  it('says connecting, then live once the stream is ready, and closes the stream when nobody listens', () => {
    listen(USER);
    expect(client.state()).toBe('connecting');

    FakeEventSource.latest().ready(cursorOf({ [USER]: '1-0' }));
    expect(client.state()).toBe('live');

    subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe());
    expect(FakeEventSource.open()).toHaveLength(0);
  });

  it('reconnects by hand when the stream is closed, passing the last cursor', async () => {
    listen(USER);
    const first = FakeEventSource.latest();
    first.ready(cursorOf({ [USER]: '1-0' }));
    first.emit('pong', { clientTime: 1, serverTime: '' }, { channel: USER, id: cursorOf({ [USER]: '4-0' }) });

    first.fail();
    expect(client.state()).toBe('reconnecting');
    await elapse(999);
    expect(FakeEventSource.instances).toHaveLength(1);
    await elapse(1);

    expect(probe.check).toHaveBeenCalledWith(first.url);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.latest().lastEventId).toBe(cursorOf({ [USER]: '4-0' }));
  });

  it('backs off 1 s doubling to a 30 s cap, and starts over after a stream got going', async () => {
    listen(USER);
    const waits: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      const count = FakeEventSource.instances.length;
      FakeEventSource.latest().fail();
      let waited = 0;
      while (FakeEventSource.instances.length === count) {
        await elapse(250);
        waited += 250;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);

    FakeEventSource.latest().ready(cursorOf({ [USER]: '1-0' }));
    FakeEventSource.latest().fail();
    await elapse(1000);
    expect(FakeEventSource.instances).toHaveLength(9);
  });

  it('waits as long as Retry-After asks when the server is busy', async () => {
    probe.check.mockResolvedValueOnce({ status: 503, retryAfterMs: 10_000 });
    listen(USER);
    FakeEventSource.latest().fail();

    await elapse(9_999);
    expect(FakeEventSource.instances).toHaveLength(1);
    await elapse(1);
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it('leaves the browser to retry a dropped stream itself, showing reconnecting meanwhile', () => {
    listen(USER);
    const source = FakeEventSource.latest();
    source.ready(cursorOf({ [USER]: '1-0' }));

    source.drop();
    expect(client.state()).toBe('reconnecting');
    expect(FakeEventSource.instances).toHaveLength(1);

    source.ready(cursorOf({ [USER]: '1-0' }));
    expect(client.state()).toBe('live');
  });

  it('reconnects when nothing, not even a heartbeat, arrived for 2.5 heartbeats', async () => {
    listen(USER);
    const source = FakeEventSource.latest();
    source.ready(cursorOf({ [USER]: '1-0' }), 1_000);

    await elapse(2_400);
    source.emit('heartbeat', {}, { id: cursorOf({ [USER]: '3-0' }) });
    await elapse(2_400);
    expect(FakeEventSource.instances).toHaveLength(1);

    await elapse(100);
    expect(source.readyState).toBe(2);
    expect(client.state()).toBe('reconnecting');
    await elapse(1_000);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.latest().lastEventId).toBe(cursorOf({ [USER]: '3-0' }));
  });

  it('reconnects with the current cursor when a channel is added, merging the snapshot’s cursor for it', () => {
    listen(USER);
    const first = FakeEventSource.latest();
    first.ready(cursorOf({ [USER]: '5-0' }));

    listen(BOARD, cursorOf({ [BOARD]: '9-0' }));

    expect(first.readyState).toBe(2);
    const second = FakeEventSource.latest();
    expect(second.channels).toEqual([USER, BOARD]);
    expect(second.lastEventId).toBe(cursorOf({ [USER]: '5-0', [BOARD]: '9-0' }));
  });

  it('drops a channel nobody wants at the next reconnect instead of reconnecting at once', async () => {
    listen(USER);
    const board = client.channel(BOARD).subscribe();
    const source = FakeEventSource.latest();
    source.ready(cursorOf({ [USER]: '1-0', [BOARD]: '1-0' }));

    board.unsubscribe();
    expect(FakeEventSource.instances).toHaveLength(2);

    source.fail();
    await elapse(1_000);
    expect(FakeEventSource.latest().channels).toEqual([USER]);
  });

  it('hands a reset to the subscribers of the channels it names', () => {
    const boardEvents = listen(BOARD);
    const userEvents = listen(USER);
    FakeEventSource.latest().ready(cursorOf({ [BOARD]: '1-0', [USER]: '1-0' }));

    FakeEventSource.latest().emit('reset', { channels: [BOARD] }, { id: cursorOf({ [BOARD]: '8-0', [USER]: '1-0' }) });

    expect(boardEvents.map((event) => event.type)).toEqual(['reset']);
    expect(userEvents).toEqual([]);
  });

  it('resumes a channel from a fresh snapshot’s cursor on request', () => {
    listen(BOARD);
    FakeEventSource.latest().ready(cursorOf({ [BOARD]: '3-0' }));

    client.resume(BOARD, cursorOf({ [BOARD]: '8-0' }));

    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.latest().lastEventId).toBe(cursorOf({ [BOARD]: '8-0' }));
  });

  it('refreshes the session when it is about to expire, then reconnects with the cursor', async () => {
    listen(USER);
    const source = FakeEventSource.latest();
    source.ready(cursorOf({ [USER]: '1-0' }));
    source.emit('session.expiring', { expiresAt: new Date().toISOString() }, { id: cursorOf({ [USER]: '2-0' }) });

    const refresh = http.expectOne({ method: 'POST', url: '/api/auth/refresh' });
    expect(FakeEventSource.instances).toHaveLength(1);
    refresh.flush({ user: alice, accessToken: 't2', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await elapse(0);

    expect(source.readyState).toBe(2);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.latest().lastEventId).toBe(cursorOf({ [USER]: '2-0' }));
  });

  it('sends the user to the login page when the stream is refused with 401', async () => {
    probe.check.mockResolvedValue({ status: 401 });
    listen(USER);
    FakeEventSource.latest().fail();
    await elapse(0);

    expect(TestBed.inject(AuthStore).isAuthenticated()).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fboards');
    await elapse(60_000);
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('reports a 403 so stores can check whether their channel is gone', async () => {
    probe.check.mockResolvedValue({ status: 403 });
    const refusals: number[] = [];
    subscriptions.push(client.refused$.subscribe((status) => refusals.push(status)));
    listen(BOARD);
    FakeEventSource.latest().fail();
    await elapse(0);

    expect(refusals).toEqual([403]);
  });

  it('goes offline with the browser and reconnects with the cursor as soon as it is back', async () => {
    listen(USER);
    const source = FakeEventSource.latest();
    source.ready(cursorOf({ [USER]: '6-0' }));

    window.dispatchEvent(new Event('offline'));
    expect(client.state()).toBe('offline');
    expect(source.readyState).toBe(2);
    await elapse(60_000);
    expect(FakeEventSource.instances).toHaveLength(1);

    window.dispatchEvent(new Event('online'));
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(client.state()).toBe('reconnecting');
    expect(FakeEventSource.latest().lastEventId).toBe(cursorOf({ [USER]: '6-0' }));
    FakeEventSource.latest().ready(cursorOf({ [USER]: '6-0' }));
    expect(client.state()).toBe('live');
  });

  it('measures the round trip from its own ping to the pong, every 15 s while live', async () => {
    listen(USER);
    const source = FakeEventSource.latest();
    source.ready(cursorOf({ [USER]: '1-0' }));
    const ping = http.expectOne({ method: 'POST', url: '/api/events/ping' });
    const clientTime = (ping.request.body as { clientTime: number }).clientTime;
    ping.flush(null, { status: 204, statusText: 'No Content' });

    await elapse(42);
    // Another tab's pong on the same user channel says nothing about this tab.
    source.emit('pong', { clientTime: clientTime - 5, serverTime: '' }, { channel: USER });
    expect(client.latencyMs()).toBeNull();
    source.emit('pong', { clientTime, serverTime: '' }, { channel: USER });
    expect(client.latencyMs()).toBe(42);

    await elapse(15_000);
    expect(http.match({ method: 'POST', url: '/api/events/ping' })).toHaveLength(1);
  });

  describe('when the server revokes the session', () => {
    it('checks the cookie twice, then stops and shows the login page saying the user was signed out', async () => {
      listen(USER);
      const source = FakeEventSource.latest();
      source.ready(cursorOf({ [USER]: '1-0' }));

      source.emit('stream.closing', { reason: 'session_revoked' });
      expect(source.readyState).toBe(2);
      await elapse(0);
      http.expectOne('/api/auth/me').flush(null, UNAUTHORIZED);
      await elapse(0);
      expect(TestBed.inject(AuthStore).isAuthenticated()).toBe(true);

      await elapse(REVOCATION_RECHECK_MS);
      await elapse(0);
      http.expectOne('/api/auth/me').flush(null, UNAUTHORIZED);
      await elapse(0);

      expect(TestBed.inject(AuthStore).isAuthenticated()).toBe(false);
      expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fboards&reason=signed_out');
      await elapse(60_000);
      expect(FakeEventSource.instances).toHaveLength(1);
      expect(probe.check).not.toHaveBeenCalled();
    });

    it('carries on from the cursor when the cookie still holds (a refresh in another tab rotated the token)', async () => {
      listen(USER);
      const source = FakeEventSource.latest();
      source.ready(cursorOf({ [USER]: '1-0' }));
      source.emit('pong', { clientTime: 1, serverTime: '' }, { channel: USER, id: cursorOf({ [USER]: '4-0' }) });

      source.emit('stream.closing', { reason: 'session_revoked' });
      await elapse(0);
      http.expectOne('/api/auth/me').flush(me());
      await elapse(0);

      expect(TestBed.inject(AuthStore).isAuthenticated()).toBe(true);
      expect(FakeEventSource.instances).toHaveLength(2);
      expect(FakeEventSource.latest().lastEventId).toBe(cursorOf({ [USER]: '4-0' }));
      expect(TestBed.inject(Router).url).toBe('/boards');
    });

    it('backs off when the server keeps revoking streams whose cookie it accepts', async () => {
      listen(USER);
      const waits: number[] = [];
      for (let round = 0; round < 3; round++) {
        const count = FakeEventSource.instances.length;
        FakeEventSource.latest().ready(cursorOf({ [USER]: '1-0' }));
        FakeEventSource.latest().emit('stream.closing', { reason: 'session_revoked' });
        await elapse(0);
        http.expectOne('/api/auth/me').flush(me());
        let waited = 0;
        await elapse(0);
        while (FakeEventSource.instances.length === count) {
          await elapse(250);
          waited += 250;
        }
        waits.push(waited);
      }
      expect(waits).toEqual([0, 1000, 2000]);
    });

    it('waits for this tab’s refresh in flight before judging the cookie', async () => {
      listen(USER);
      const source = FakeEventSource.latest();
      source.ready(cursorOf({ [USER]: '1-0' }));
      source.emit('session.expiring', { expiresAt: new Date().toISOString() }, { id: cursorOf({ [USER]: '2-0' }) });
      const refresh = http.expectOne({ method: 'POST', url: '/api/auth/refresh' });

      // The refresh rotates the token, which revokes the one this stream was opened with.
      source.emit('stream.closing', { reason: 'session_revoked' });
      await elapse(0);
      http.expectNone('/api/auth/me');
      refresh.flush({ user: alice, accessToken: 't2', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      await elapse(0);
      http.expectOne('/api/auth/me').flush(me());
      await elapse(0);

      expect(TestBed.inject(AuthStore).isAuthenticated()).toBe(true);
      expect(FakeEventSource.open()).toHaveLength(1);
      expect(FakeEventSource.latest().lastEventId).toBe(cursorOf({ [USER]: '2-0' }));
    });

    it('stops quietly when this tab is the one logging out', async () => {
      listen(USER);
      const source = FakeEventSource.latest();
      source.ready(cursorOf({ [USER]: '1-0' }));

      const loggedOut = TestBed.inject(AuthStore).logout();
      source.emit('stream.closing', { reason: 'session_revoked' });
      http.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
      await loggedOut;
      await elapse(60_000);

      http.expectNone('/api/auth/me');
      expect(FakeEventSource.instances).toHaveLength(1);
      // The logging-out page navigates itself, with no "you were signed out".
      expect(TestBed.inject(Router).url).toBe('/boards');
    });
  });

  describe('when the user loses a channel', () => {
    it('hands channel.revoked to that channel’s subscribers and leaves the channel out of the next stream', async () => {
      const userEvents = listen(USER);
      const boardEvents = listen(BOARD);
      const source = FakeEventSource.latest();
      source.ready(cursorOf({ [USER]: '1-0', [BOARD]: '1-0' }));

      source.emit('channel.revoked', { channel: BOARD, reason: 'removed' });
      expect(boardEvents.map((event) => event.type)).toEqual(['channel.revoked']);
      expect(userEvents).toEqual([]);
      // The stream carries on with the user's other channels; no reconnect just for this.
      expect(FakeEventSource.open()).toEqual([source]);

      source.fail();
      await elapse(1_000);
      expect(FakeEventSource.latest().channels).toEqual([USER]);
    });

    it('learns it from the user channel too, telling the board’s subscribers and asking for the board no more', async () => {
      listen(USER);
      const boardEvents = listen(BOARD);
      const source = FakeEventSource.latest();
      source.ready(cursorOf({ [USER]: '1-0', [BOARD]: '1-0' }));

      source.emit('board.member_removed', { boardId: 'b1', userId: 'u2', reason: 'left' }, { channel: USER });
      source.emit('board.member_removed', { boardId: 'b1', userId: 'u1', reason: 'removed' }, { channel: USER });
      expect(boardEvents.map((event) => event.type === 'board.member_removed' && event.data.userId)).toEqual(['u1']);

      source.drop();
      source.fail();
      await elapse(1_000);
      expect(FakeEventSource.latest().channels).toEqual([USER]);
    });

    it('asks for the channel again only once it is wanted anew (e.g. after being invited back)', async () => {
      listen(USER);
      const board = client.channel(BOARD).subscribe();
      const source = FakeEventSource.latest();
      source.ready(cursorOf({ [USER]: '1-0', [BOARD]: '1-0' }));
      source.emit('channel.revoked', { channel: BOARD, reason: 'removed' });

      board.unsubscribe();
      listen(BOARD);
      expect(FakeEventSource.latest().channels).toEqual([USER, BOARD]);
    });
  });
});
