import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { type Subscription, firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { AnyEventEnvelope } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { REVOCATION_RECHECK_MS, RealtimeClient } from './realtime-client';
import { FakeEventSource, FakeEventTransport, FakePoll, cursorOf, envelope } from './testing/fake-event-source';
import { EventTransport } from './transport/event-transport';
import { TRANSPORT_TIMING } from './transport/transport-policy';

@Component({ template: '' })
class StubPage {}

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const USER = 'user:u1';
const BOARD = 'board:b1';
const UNAUTHORIZED = { status: 401, statusText: 'Unauthorized' };
const me = () => ({ ...alice, roles: ['user'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
const renewed = () => ({ user: alice, accessToken: 't2', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
/** 2.5 heartbeats of the default 15 s: how long a stream may stay silent. */
const SILENCE_MS = 37_500;
const STREAM_RETRY_MS = 60_000;

describe('RealtimeClient', () => {
  let client: RealtimeClient;
  let http: HttpTestingController;
  const subscriptions: Subscription[] = [];

  function listen(channel: string, hint?: string): AnyEventEnvelope[] {
    const received: AnyEventEnvelope[] = [];
    subscriptions.push(client.channel(channel, hint).subscribe((event) => received.push(event)));
    return received;
  }

  /** Lets promises settle and timers run, as the browser would. */
  async function elapse(ms: number): Promise<void> {
    await vi.advanceTimersByTimeAsync(ms);
  }

  beforeEach(async () => {
    vi.useFakeTimers();
    // No jitter: the schedule is exact.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    FakeEventSource.reset();
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: StubPage },
          { path: 'boards', component: StubPage },
        ]),
        { provide: EventTransport, useClass: FakeEventTransport },
        { provide: TRANSPORT_TIMING, useValue: { streamRetryMs: STREAM_RETRY_MS, pollWaitSeconds: 25 } },
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

  it('carries every wanted channel on one stream and hands each subscriber its own channel', () => {
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
    const invite = {
      id: 'x',
      createdAt: '',
      read: false,
      kind: 'board_invite' as const,
      invitationId: 'i1',
      boardId: 'b1',
      boardTitle: 'Retro',
      role: 'editor' as const,
      from: alice,
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
    // A first drop waits 0.5–2 s (firstReconnectDelay; Math.random is 0 here).
    await elapse(499);
    expect(FakeEventSource.instances).toHaveLength(1);
    await elapse(1);

    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.latest().lastEventId).toBe(cursorOf({ [USER]: '4-0' }));
  });

  it('backs off from a first drop spread over 0.5–2 s, then 2 s doubling to a 30 s cap, and starts over after a stream got going', async () => {
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
    expect(waits).toEqual([500, 2000, 4000, 8000, 16000, 30000, 30000]);

    FakeEventSource.latest().ready(cursorOf({ [USER]: '1-0' }));
    FakeEventSource.latest().fail();
    await elapse(1000);
    expect(FakeEventSource.instances).toHaveLength(9);
  });

  it('waits as long as Retry-After asks when the server is busy', async () => {
    listen(USER);
    FakeEventSource.latest().refuse(503, 10_000);

    await elapse(9_999);
    expect(FakeEventSource.instances).toHaveLength(1);
    await elapse(1);
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it('reconnects by itself when the server ends the stream, showing reconnecting meanwhile', async () => {
    listen(USER);
    const source = FakeEventSource.latest();
    source.ready(cursorOf({ [USER]: '1-0' }));

    source.drop();
    expect(client.state()).toBe('reconnecting');
    expect(FakeEventSource.instances).toHaveLength(1);
    await elapse(1_000);

    expect(FakeEventSource.instances).toHaveLength(2);
    FakeEventSource.latest().ready(cursorOf({ [USER]: '1-0' }));
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
    expect(source.closed).toBe(true);
    expect(client.state()).toBe('reconnecting');
    await elapse(1_000);
    expect(FakeEventSource.instances).toHaveLength(2);
    // It had been flowing: a dead connection, not a proxy holding it back.
    expect(FakePoll.instances).toEqual([]);
    expect(FakeEventSource.latest().lastEventId).toBe(cursorOf({ [USER]: '3-0' }));
  });

  it('reconnects with the current cursor when a channel is added, merging the snapshot’s cursor for it', () => {
    listen(USER);
    const first = FakeEventSource.latest();
    first.ready(cursorOf({ [USER]: '5-0' }));

    listen(BOARD, cursorOf({ [BOARD]: '9-0' }));

    expect(first.closed).toBe(true);
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

    expect(source.closed).toBe(true);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.latest().lastEventId).toBe(cursorOf({ [USER]: '2-0' }));
  });

  it('sends the user to the login page when the stream is refused with 401 and the session cannot be renewed', async () => {
    listen(USER);
    FakeEventSource.latest().refuse(401);
    await elapse(0);
    http.expectOne({ method: 'POST', url: '/api/auth/refresh' }).flush(null, UNAUTHORIZED);
    await elapse(0);
    http.expectOne('/api/auth/me').flush(null, UNAUTHORIZED);
    await elapse(0);

    expect(TestBed.inject(AuthStore).isAuthenticated()).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fboards');
    await elapse(60_000);
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('reports a 403 so stores can check whether their channel is gone', async () => {
    const refusals: number[] = [];
    subscriptions.push(client.refused$.subscribe((status) => refusals.push(status)));
    listen(BOARD);
    FakeEventSource.latest().refuse(403);
    await elapse(0);

    expect(refusals).toEqual([403]);
  });

  it('goes offline with the browser and reconnects with the cursor as soon as it is back', async () => {
    listen(USER);
    const source = FakeEventSource.latest();
    source.ready(cursorOf({ [USER]: '6-0' }));

    window.dispatchEvent(new Event('offline'));
    expect(client.state()).toBe('offline');
    expect(source.closed).toBe(true);
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
      expect(source.closed).toBe(true);
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

  describe('reading statuses EventSource could not', () => {
    it('renews the session on 401 and carries on from the cursor', async () => {
      listen(USER);
      const first = FakeEventSource.latest();
      first.ready(cursorOf({ [USER]: '1-0' }));
      first.emit('pong', { clientTime: 1, serverTime: '' }, { channel: USER, id: cursorOf({ [USER]: '4-0' }) });
      // The token expired while the stream was down (a sleeping laptop).
      first.drop();
      await elapse(1_000);

      FakeEventSource.latest().refuse(401);
      await elapse(0);
      http.expectOne({ method: 'POST', url: '/api/auth/refresh' }).flush(renewed());
      await elapse(0);
      http.expectOne('/api/auth/me').flush(me());
      // Not at once: the second failure in a row waits the backoff's second step.
      await elapse(2_000);

      expect(TestBed.inject(AuthStore).isAuthenticated()).toBe(true);
      expect(FakeEventSource.instances).toHaveLength(3);
      expect(FakeEventSource.latest().lastEventId).toBe(cursorOf({ [USER]: '4-0' }));
      FakeEventSource.latest().ready(cursorOf({ [USER]: '4-0' }));
      expect(client.state()).toBe('live');
    });

    it('honours Retry-After on 429 too, but never waits less than the backoff', async () => {
      listen(USER);
      FakeEventSource.latest().refuse(429, 5_000);
      await elapse(4_999);
      expect(FakeEventSource.instances).toHaveLength(1);
      await elapse(1);
      expect(FakeEventSource.instances).toHaveLength(2);

      FakeEventSource.latest().refuse(429, 100);
      await elapse(1_999);
      expect(FakeEventSource.instances).toHaveLength(2);
      await elapse(1);
      expect(FakeEventSource.instances).toHaveLength(3);
    });

    it('waits out a 503’s Retry-After: 7 even when a new channel or a snapshot asks for a stream meanwhile', async () => {
      listen(USER);
      FakeEventSource.latest().refuse(503, 7_000);
      await elapse(2_000);
      listen(BOARD);
      await elapse(2_000);
      client.resume(BOARD, cursorOf({ [BOARD]: '5-0' }));
      await elapse(2_999);
      expect(FakeEventSource.instances).toHaveLength(1);
      expect(client.state()).toBe('reconnecting');

      await elapse(1);
      expect(FakeEventSource.instances).toHaveLength(2);
      expect(FakeEventSource.latest().channels).toEqual([USER, BOARD]);
      expect(FakeEventSource.latest().lastEventId).toBe(cursorOf({ [BOARD]: '5-0' }));
    });

    it('stops for good on 204 until something asks for a connection again', async () => {
      listen(USER);
      FakeEventSource.latest().refuse(204);
      await elapse(10 * 60_000);

      expect(FakeEventSource.instances).toHaveLength(1);
      expect(client.state()).toBe('offline');

      listen(BOARD);
      expect(FakeEventSource.instances).toHaveLength(2);
    });

    it('reconnects after the delay the stream’s retry: field asks, when the server ends it', async () => {
      listen(USER);
      const source = FakeEventSource.latest();
      source.ready(cursorOf({ [USER]: '1-0' }));
      source.retry(5_000);
      source.drop();

      await elapse(4_999);
      expect(FakeEventSource.instances).toHaveLength(1);
      await elapse(1);
      expect(FakeEventSource.instances).toHaveLength(2);
    });

    it('aborts the request when nobody listens any more', () => {
      const subscription = client.channel(USER).subscribe();
      const source = FakeEventSource.latest();
      source.answer();

      subscription.unsubscribe();
      expect(source.closed).toBe(true);
    });
  });

  describe('behind a proxy that holds the stream back', () => {
    /** A stream answered 200, then not one byte for 2.5 default heartbeats. */
    async function heldBack(): Promise<FakeEventSource> {
      const source = FakeEventSource.latest();
      source.answer();
      await elapse(SILENCE_MS);
      return source;
    }

    async function switchToPolling(cursor: string): Promise<void> {
      await heldBack();
      const probe = FakePoll.latest();
      expect(probe.waitSeconds).toBe(0);
      probe.answer({ cursor });
      await elapse(0);
    }

    it('switches to long polls once a poll gets through, and shows live · polling', async () => {
      const boardEvents = listen(BOARD);
      const source = FakeEventSource.latest();
      source.answer();
      await elapse(SILENCE_MS - 1);
      expect(FakePoll.instances).toEqual([]);
      await elapse(1);

      expect(source.closed).toBe(true);
      expect(client.state()).toBe('reconnecting');
      expect(client.transport()).toBe('stream');
      FakePoll.latest().answer({ cursor: cursorOf({ [BOARD]: '1-0' }) });
      await elapse(0);

      // The loop's first poll answers at once, so the badge need not wait for events.
      const first = FakePoll.latest();
      expect(first.waitSeconds).toBe(0);
      expect(first.channels).toEqual([BOARD]);
      first.answer({ cursor: cursorOf({ [BOARD]: '1-0' }) });
      expect(client.state()).toBe('live');
      expect(client.transport()).toBe('poll');

      const second = FakePoll.latest();
      expect(second.waitSeconds).toBe(25);
      expect(second.cursor).toBe(cursorOf({ [BOARD]: '1-0' }));
      second.answer({
        events: [envelope('note.deleted', { boardId: 'b1', noteId: 'n1' }, BOARD, '2-0')],
        cursor: cursorOf({ [BOARD]: '2-0' }),
      });
      expect(boardEvents.map((event) => event.type)).toEqual(['note.deleted']);
      expect(FakePoll.latest().cursor).toBe(cursorOf({ [BOARD]: '2-0' }));
      expect(FakeEventSource.instances).toHaveLength(1);
    });

    it('calls a dead network reconnecting, not polling, when the poll fails too', async () => {
      listen(USER);
      await heldBack();
      FakePoll.latest().fail();
      expect(client.state()).toBe('reconnecting');
      await elapse(1_000);

      expect(client.transport()).toBe('stream');
      expect(FakeEventSource.instances).toHaveLength(2);
      expect(FakePoll.pending()).toEqual([]);
    });

    it('suspects a proxy too when not even the headers came (proxies that hold the whole response)', async () => {
      listen(USER);
      await elapse(SILENCE_MS);

      FakePoll.latest().answer({ cursor: cursorOf({ [USER]: '1-0' }) });
      await elapse(0);
      expect(client.transport()).toBe('poll');
      expect(FakeEventSource.instances).toHaveLength(1);
    });

    it('waits a refused poll’s Retry-After before polling again', async () => {
      listen(USER);
      await switchToPolling(cursorOf({ [USER]: '1-0' }));
      FakePoll.latest().answer({ cursor: cursorOf({ [USER]: '1-0' }) });
      const count = FakePoll.instances.length;

      FakePoll.latest().refuse(503, 7_000);
      await elapse(6_999);
      expect(FakePoll.instances).toHaveLength(count);
      await elapse(1);
      expect(FakePoll.instances).toHaveLength(count + 1);
      expect(client.transport()).toBe('poll');
    });

    it('waits the Retry-After of a refused probe poll before trying the stream again', async () => {
      listen(USER);
      await heldBack();
      FakePoll.latest().refuse(503, 7_000);
      await elapse(6_999);
      expect(FakeEventSource.instances).toHaveLength(1);
      await elapse(1);
      expect(FakeEventSource.instances).toHaveLength(2);
    });

    it('hands a poll’s reset to the subscribers of the channels it names, like the stream’s', async () => {
      const boardEvents = listen(BOARD);
      await switchToPolling(cursorOf({ [BOARD]: '1-0' }));
      FakePoll.latest().answer({ cursor: cursorOf({ [BOARD]: '1-0' }) });

      FakePoll.latest().answer({ cursor: cursorOf({ [BOARD]: '3-0' }, 'e2'), reset: { channels: [BOARD] } });
      expect(boardEvents.map((event) => event.type === 'reset' && event.data.channels)).toEqual([[BOARD]]);
    });

    it('fails over like the stream: backoff on a network error, renewal on 401, polls again after', async () => {
      listen(USER);
      await switchToPolling(cursorOf({ [USER]: '1-0' }));
      FakePoll.latest().answer({ cursor: cursorOf({ [USER]: '1-0' }) });

      FakePoll.latest().fail();
      expect(client.state()).toBe('reconnecting');
      await elapse(499);
      expect(FakePoll.pending()).toEqual([]);
      await elapse(1);
      FakePoll.latest().refuse(401);
      await elapse(0);
      http.expectOne({ method: 'POST', url: '/api/auth/refresh' }).flush(renewed());
      await elapse(0);
      http.expectOne('/api/auth/me').flush(me());
      // The second failure in a row: the backoff's second step.
      await elapse(2_000);

      expect(client.transport()).toBe('poll');
      FakePoll.latest().answer({ cursor: cursorOf({ [USER]: '1-0' }) });
      expect(client.state()).toBe('live');
      expect(FakeEventSource.instances).toHaveLength(1);
    });

    it('checks the session when a poll says it was revoked, as the stream does', async () => {
      listen(USER);
      await switchToPolling(cursorOf({ [USER]: '1-0' }));
      FakePoll.latest().answer({ cursor: cursorOf({ [USER]: '1-0' }) });

      FakePoll.latest().answer({
        events: [{ ...envelope('stream.closing', { reason: 'session_revoked' }, '', ''), channel: '' }],
        cursor: cursorOf({ [USER]: '1-0' }),
      });
      await elapse(0);
      http.expectOne('/api/auth/me').flush(me());
      await elapse(0);

      expect(FakePoll.latest().cursor).toBe(cursorOf({ [USER]: '1-0' }));
      expect(TestBed.inject(AuthStore).isAuthenticated()).toBe(true);
    });

    it('waits the answer’s retryMs before polling again when its pod shuts down', async () => {
      listen(USER);
      await switchToPolling(cursorOf({ [USER]: '1-0' }));
      FakePoll.latest().answer({ cursor: cursorOf({ [USER]: '1-0' }) });
      const count = FakePoll.instances.length;

      FakePoll.latest().answer({
        events: [envelope('stream.closing', { reason: 'shutdown' }, '', '')],
        cursor: cursorOf({ [USER]: '1-0' }),
        retryMs: 3_000,
      });
      await elapse(2_999);
      expect(FakePoll.instances).toHaveLength(count);
      await elapse(1);
      expect(FakePoll.instances).toHaveLength(count + 1);
      expect(client.state()).toBe('live');
    });

    it('tries the stream again in the background, keeps polling while it is still held back', async () => {
      listen(USER);
      await switchToPolling(cursorOf({ [USER]: '1-0' }));
      FakePoll.latest().answer({ cursor: cursorOf({ [USER]: '1-0' }) });
      const waiting = FakePoll.latest();

      await elapse(STREAM_RETRY_MS - 1);
      expect(FakeEventSource.instances).toHaveLength(1);
      await elapse(1);
      const trial = FakeEventSource.latest();
      expect(FakeEventSource.instances).toHaveLength(2);
      trial.answer();
      await elapse(SILENCE_MS);

      expect(trial.closed).toBe(true);
      expect(waiting.closed).toBe(false);
      expect(client.state()).toBe('live');
      expect(client.transport()).toBe('poll');
      await elapse(STREAM_RETRY_MS);
      expect(FakeEventSource.instances).toHaveLength(3);
    });

    it('tries the stream in the background no sooner than a refused trial’s Retry-After asks', async () => {
      listen(USER);
      await switchToPolling(cursorOf({ [USER]: '1-0' }));
      FakePoll.latest().answer({ cursor: cursorOf({ [USER]: '1-0' }) });
      await elapse(STREAM_RETRY_MS);
      expect(FakeEventSource.instances).toHaveLength(2);

      FakeEventSource.latest().refuse(503, 2 * STREAM_RETRY_MS);
      await elapse(2 * STREAM_RETRY_MS - 1);
      expect(FakeEventSource.instances).toHaveLength(2);
      await elapse(1);
      expect(FakeEventSource.instances).toHaveLength(3);
      expect(client.transport()).toBe('poll');
    });

    it('climbs back to the stream once its bytes flow, without losing or doubling an event', async () => {
      const boardEvents = listen(BOARD);
      await switchToPolling(cursorOf({ [BOARD]: '1-0' }));
      FakePoll.latest().answer({ cursor: cursorOf({ [BOARD]: '1-0' }) });
      await elapse(STREAM_RETRY_MS);
      const trial = FakeEventSource.latest();
      expect(trial.lastEventId).toBe(cursorOf({ [BOARD]: '1-0' }));

      // The poll answers while the stream is still on its way: 2-0 arrives by poll …
      const note = (id: string) => envelope('note.deleted', { boardId: 'b1', noteId: `n${id}` }, BOARD, id);
      FakePoll.latest().answer({ events: [note('2-0')], cursor: cursorOf({ [BOARD]: '2-0' }) });
      const lastPoll = FakePoll.latest();
      // … and again by the stream, which started from 1-0.
      trial.ready(cursorOf({ [BOARD]: '1-0' }));
      expect(lastPoll.closed).toBe(true);
      expect(client.transport()).toBe('stream');
      for (const id of ['2-0', '3-0']) {
        trial.emit('note.deleted', { boardId: 'b1', noteId: `n${id}` }, { channel: BOARD, eventId: id, id: cursorOf({ [BOARD]: id }) });
      }

      expect(boardEvents.map((event) => event.id)).toEqual(['2-0', '3-0']);
      expect(client.state()).toBe('live');
      expect(FakePoll.pending()).toEqual([]);
    });

    it('lets a resumed channel’s events through again from its snapshot, on either transport', async () => {
      const boardEvents = listen(BOARD);
      await switchToPolling(cursorOf({ [BOARD]: '1-0' }));
      const note = (id: string) => envelope('note.deleted', { boardId: 'b1', noteId: `n${id}` }, BOARD, id);
      FakePoll.latest().answer({ events: [note('2-0'), note('3-0')], cursor: cursorOf({ [BOARD]: '3-0' }) });

      client.resume(BOARD, cursorOf({ [BOARD]: '2-0' }));
      const resumed = FakePoll.latest();
      expect(resumed.cursor).toBe(cursorOf({ [BOARD]: '2-0' }));
      resumed.answer({ events: [note('3-0')], cursor: cursorOf({ [BOARD]: '3-0' }) });

      expect(boardEvents.map((event) => event.id)).toEqual(['2-0', '3-0', '3-0']);
    });

    it('remembers it: the next start polls at once with a stream tried beside, which climbs back if it gets through', async () => {
      listen(USER);
      await switchToPolling(cursorOf({ [USER]: '1-0' }));
      // A reload (or logout and login) starts over.
      subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe());
      const streams = FakeEventSource.instances.length;

      listen(USER);
      expect(client.transport()).toBe('poll');
      const poll = FakePoll.latest();
      expect(poll.waitSeconds).toBe(0);
      poll.answer({ cursor: cursorOf({ [USER]: '1-0' }) });
      expect(client.state()).toBe('live');
      await elapse(0);
      expect(FakeEventSource.instances).toHaveLength(streams + 1);

      // This time the stream gets through (the laptop left the office): back to it, and forgotten.
      FakeEventSource.latest().ready(cursorOf({ [USER]: '1-0' }));
      expect(client.transport()).toBe('stream');
      subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe());
      listen(USER);
      expect(client.transport()).toBe('stream');
      expect(FakeEventSource.open()).toHaveLength(1);
    });
  });

  it('never hands a replayed event to the stores twice', () => {
    const boardEvents = listen(BOARD);
    const source = FakeEventSource.latest();
    source.ready(cursorOf({ [BOARD]: '1-0' }));
    for (const id of ['2-0', '3-0', '2-0', '3-0', '4-0']) {
      source.emit('note.deleted', { boardId: 'b1', noteId: 'n1' }, { channel: BOARD, eventId: id, id: cursorOf({ [BOARD]: id }) });
    }
    // Ephemeral events carry no id and always pass.
    source.emit('cursor.moved', { userId: 'u2', x: 1, y: 2 }, { channel: BOARD });
    source.emit('cursor.moved', { userId: 'u2', x: 1, y: 2 }, { channel: BOARD });

    expect(boardEvents.map((event) => event.id)).toEqual(['2-0', '3-0', '4-0', '', '']);
  });
});
