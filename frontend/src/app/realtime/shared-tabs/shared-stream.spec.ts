import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, EnvironmentInjector, createEnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { Subscription } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { AnyEventEnvelope } from '@contracts/events';

import { AuthStore } from '../../auth/auth-store';
import { RealtimeClient } from '../realtime-client';
import { FakeEventSource, FakeEventTransport, FakePoll, cursorOf, envelope } from '../testing/fake-event-source';
import { DEFAULT_HEARTBEAT_MS, WATCHDOG_HEARTBEATS } from '../transport/transport-policy';
import { EventTransport } from '../transport/event-transport';
import { ChannelCheck } from './channel-check';
import { DEPARTURE_RECONNECT_MS, SWEEP_MS } from './tab-group';
import { TAB_LINK_FACTORY } from './tab-link';
import { FakeBrowser } from './testing/fake-browser';

@Component({ template: '' })
class StubPage {}

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const USER = 'user:u1';
const B1 = 'board:b1';
const B2 = 'board:b2';

interface Tab {
  readonly client: RealtimeClient;
  readonly subscriptions: Subscription[];
  readonly injector: EnvironmentInjector;
  /** Events per channel, as the tab's stores would see them. */
  readonly received: Map<string, AnyEventEnvelope[]>;
  readonly refusals: number[];
}

describe('RealtimeClient: one stream shared by the tabs of a browser', () => {
  let browser: FakeBrowser;
  let channelCheck: { refusedAmong: ReturnType<typeof vi.fn> };
  const tabs: Tab[] = [];

  /** A tab of the browser; `ownSession` gives it its own AuthStore (signed in), as a real tab has. */
  function openTab(name: string, shared = true, ownSession = false): Tab {
    const injector = createEnvironmentInjector(
      [RealtimeClient, { provide: TAB_LINK_FACTORY, useValue: shared ? browser.tab(name) : null }, ...(ownSession ? [AuthStore] : [])],
      TestBed.inject(EnvironmentInjector),
    );
    if (ownSession) {
      void injector.get(AuthStore).login({ username: 'alice', password: 'correct horse' });
      TestBed.inject(HttpTestingController)
        .expectOne('/api/auth/login')
        .flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    }
    const client = injector.get(RealtimeClient);
    const tab: Tab = { client, injector, subscriptions: [], received: new Map(), refusals: [] };
    tab.subscriptions.push(client.refused$.subscribe((status) => tab.refusals.push(status)));
    tabs.push(tab);
    return tab;
  }

  function listen(tab: Tab, channel: string, hint?: string): AnyEventEnvelope[] {
    const received: AnyEventEnvelope[] = [];
    tab.received.set(channel, received);
    tab.subscriptions.push(tab.client.channel(channel, hint).subscribe((event) => received.push(event)));
    return received;
  }

  function close(tab: Tab): void {
    tab.subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe());
  }

  /** Lets lock grants, messages between tabs (microtasks), effects and timers run. */
  async function settle(ms = 0): Promise<void> {
    await vi.advanceTimersByTimeAsync(ms);
    TestBed.tick();
    await vi.advanceTimersByTimeAsync(0);
  }

  /** A note event on a board channel, its id within the channel taken from the cursor after it. */
  function note(source: FakeEventSource, channel: string, noteId: string, cursor: Record<string, string>): void {
    source.emit(
      'note.deleted',
      { boardId: channel.slice('board:'.length), noteId },
      { channel, id: cursorOf(cursor), eventId: cursor[channel] },
    );
  }

  beforeEach(async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0);
    FakeEventSource.reset();
    browser = new FakeBrowser();
    channelCheck = { refusedAmong: vi.fn(async () => new Map<string, number>()) };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'boards', component: StubPage },
          { path: 'login', component: StubPage },
        ]),
        { provide: EventTransport, useClass: FakeEventTransport },
        { provide: ChannelCheck, useValue: channelCheck },
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
  });

  afterEach(async () => {
    tabs.splice(0).forEach((tab) => {
      close(tab);
      tab.injector.destroy();
    });
    await vi.advanceTimersByTimeAsync(0);
    TestBed.inject(HttpTestingController).match(() => true);
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  /** Tab a (user channel, b1) and tab b (user channel, b2), before the leader's connection says anything. */
  async function twoTabsConnecting(): Promise<{ a: Tab; b: Tab }> {
    const a = openTab('a');
    listen(a, USER);
    listen(a, B1);
    await settle();
    const b = openTab('b');
    listen(b, USER);
    listen(b, B2);
    await settle();
    return { a, b };
  }

  /** Tab a leads with the user channel and b1; tab b follows with the user channel and b2; the stream is live. */
  async function twoTabs(): Promise<{ a: Tab; b: Tab; source: FakeEventSource }> {
    const { a, b } = await twoTabsConnecting();
    const source = FakeEventSource.latest();
    source.ready(cursorOf({ [USER]: '1-0', [B1]: '1-0', [B2]: '1-0' }));
    await settle();
    return { a, b, source };
  }

  it('opens one stream for the union of both tabs’ channels and hands each tab only its own', async () => {
    const { a, b, source } = await twoTabs();
    expect(FakeEventSource.open()).toEqual([source]);
    expect(source.channels).toEqual([USER, B1, B2]);
    expect(browser.heldBy('corkboard-stream:u1')).toBe('a');

    note(source, B1, 'n1', { [USER]: '1-0', [B1]: '2-0', [B2]: '1-0' });
    note(source, B2, 'n2', { [USER]: '1-0', [B1]: '2-0', [B2]: '2-0' });
    source.emit('notification.read', {}, { channel: USER, id: cursorOf({ [USER]: '2-0', [B1]: '2-0', [B2]: '2-0' }) });
    await settle();

    expect(a.received.get(B1)!.map((event) => event.type)).toEqual(['note.deleted']);
    expect(b.received.get(B2)!.map((event) => event.type)).toEqual(['note.deleted']);
    expect(a.received.get(B2)).toBeUndefined();
    expect(b.received.get(B1)).toBeUndefined();
    expect(a.received.get(USER)!.map((event) => event.type)).toEqual(['notification.read']);
    expect(b.received.get(USER)!.map((event) => event.type)).toEqual(['notification.read']);
    // Both badges say what the one connection is.
    expect(a.client.state()).toBe('live');
    expect(b.client.state()).toBe('live');
  });

  it('hands the stream to the other tab when the leader closes, resuming from the last cursor it passed on', async () => {
    const { a, b, source } = await twoTabs();
    const afterFirst = { [USER]: '1-0', [B1]: '1-0', [B2]: '5-0' };
    note(source, B2, 'n5', afterFirst);
    await settle();

    close(a);
    await settle();

    expect(browser.heldBy('corkboard-stream:u1')).toBe('b');
    const next = FakeEventSource.latest();
    expect(FakeEventSource.open()).toEqual([next]);
    expect(next.channels).toEqual([USER, B2]);
    expect(next.lastEventId).toBe(cursorOf(afterFirst));

    // The new stream replays what the old leader had passed on before its last cursor reached the tab; none of it twice.
    next.ready(cursorOf(afterFirst));
    note(next, B2, 'n5', afterFirst);
    note(next, B2, 'n6', { ...afterFirst, [B2]: '6-0' });
    await settle();
    expect(b.received.get(B2)!.map((event) => event.type === 'note.deleted' && event.data.noteId)).toEqual(['n5', 'n6']);
    expect(b.client.state()).toBe('live');
  });

  it('shows the leader’s connection state in every tab’s badge', async () => {
    const { b, source } = await twoTabs();
    source.fail();
    await settle();
    expect(b.client.state()).toBe('reconnecting');

    await settle(1_000);
    FakeEventSource.latest().ready(cursorOf({ [USER]: '1-0', [B1]: '1-0', [B2]: '1-0' }));
    await settle();
    expect(b.client.state()).toBe('live');
  });

  it('takes over from a leader that crashed', async () => {
    const { source } = await twoTabs();
    browser.crash('a');
    await settle();

    expect(browser.heldBy('corkboard-stream:u1')).toBe('b');
    // (The crashed tab's own EventSource went with its process; the fake cannot close it.)
    expect(FakeEventSource.open().filter((open) => open !== source)).toHaveLength(1);
    expect(FakeEventSource.latest().lastEventId).toBe(cursorOf({ [USER]: '1-0', [B1]: '1-0', [B2]: '1-0' }));
    // Its wants stay until the sweep finds its lock gone; then its board leaves the stream.
    expect(FakeEventSource.latest().channels).toEqual([USER, B2, B1]);
    await settle(SWEEP_MS);
    await settle(DEPARTURE_RECONNECT_MS);
    expect(FakeEventSource.latest().channels).toEqual([USER, B2]);
  });

  it('polls for every tab when a proxy holds the shared stream back, and every badge says so', async () => {
    const { a, b } = await twoTabsConnecting();
    // Headers, then silence until the watchdog gives up: a proxy holds the stream back.
    FakeEventSource.latest().answer();
    await settle(DEFAULT_HEARTBEAT_MS * WATCHDOG_HEARTBEATS);
    FakePoll.latest().answer({ cursor: cursorOf({ [USER]: '1-0', [B1]: '1-0', [B2]: '1-0' }) });
    await settle();
    FakePoll.latest().answer({ cursor: cursorOf({ [USER]: '1-0', [B1]: '1-0', [B2]: '1-0' }) });
    await settle();
    const loop = FakePoll.latest();
    expect(loop.channels).toEqual([USER, B1, B2]);
    loop.answer({
      events: [envelope('note.deleted', { boardId: 'b2', noteId: 'n2' }, B2, '2-0')],
      cursor: cursorOf({ [USER]: '1-0', [B1]: '1-0', [B2]: '2-0' }),
    });
    await settle();

    expect(b.received.get(B2)!.map((event) => event.type)).toEqual(['note.deleted']);
    expect(a.received.get(B2)).toBeUndefined();
    expect(a.client.transport()).toBe('poll');
    expect(b.client.transport()).toBe('poll');
    expect(b.client.state()).toBe('live');
  });

  it('drops the channels of a tab that vanished without a word', async () => {
    const { source } = await twoTabs();
    browser.crash('b');
    await settle(SWEEP_MS);
    expect(FakeEventSource.latest()).toBe(source);
    await settle(DEPARTURE_RECONNECT_MS);

    expect(FakeEventSource.open()).toHaveLength(1);
    expect(FakeEventSource.latest().channels).toEqual([USER, B1]);
  });

  it('goes back to a snapshot the stream already passed, and no tab gets an event twice', async () => {
    const { a, b, source } = await twoTabs();
    note(source, B1, 'n4', { [USER]: '1-0', [B1]: '4-0', [B2]: '1-0' });
    await settle();

    // Tab b opens board 1 from a snapshot taken at 3-0: 4-0 went by before it asked.
    listen(b, B1, cursorOf({ [B1]: '3-0' }));
    await settle();
    const next = FakeEventSource.latest();
    expect(next).not.toBe(source);
    expect(next.lastEventId).toBe(cursorOf({ [USER]: '1-0', [B1]: '3-0', [B2]: '1-0' }));

    next.ready(cursorOf({ [USER]: '1-0', [B1]: '3-0', [B2]: '1-0' }));
    note(next, B1, 'n4', { [USER]: '1-0', [B1]: '4-0', [B2]: '1-0' });
    await settle();
    expect(a.received.get(B1)!.filter((event) => event.type === 'note.deleted')).toHaveLength(1);
    expect(b.received.get(B1)!.filter((event) => event.type === 'note.deleted')).toHaveLength(1);

    // A snapshot the stream has not reached yet needs no new stream.
    const c = openTab('c');
    listen(c, B1, cursorOf({ [B1]: '9-0' }));
    await settle();
    expect(FakeEventSource.latest()).toBe(next);
  });

  it('tells only the tabs of a refused channel, and carries on without it', async () => {
    const { a, b, source } = await twoTabs();
    channelCheck.refusedAmong.mockResolvedValue(new Map([[B2, 403]]));

    source.refuse(403);
    await settle();

    expect(channelCheck.refusedAmong).toHaveBeenCalledWith([USER, B1, B2]);
    expect(b.refusals).toEqual([403]);
    expect(a.refusals).toEqual([]);
    expect(FakeEventSource.latest().channels).toEqual([USER, B1]);
  });

  it('waits out a 503’s Retry-After for every tab, even when another tab asks for a channel meanwhile', async () => {
    const { a, b, source } = await twoTabs();
    const opened = FakeEventSource.instances.length;
    source.refuse(503, 7_000);
    await settle(1_000);
    listen(b, 'board:b3');
    await settle(5_998);
    expect(FakeEventSource.instances).toHaveLength(opened);
    expect(a.client.state()).toBe('reconnecting');
    expect(b.client.state()).toBe('reconnecting');

    await settle(2);
    expect(FakeEventSource.open()).toHaveLength(1);
    expect(FakeEventSource.latest().channels).toEqual([USER, B1, B2, 'board:b3']);
  });

  it('signs the other tabs out when the leader logs out, and keeps the lock while they check', async () => {
    const a = openTab('a', true, true);
    await settle();
    listen(a, USER);
    await settle();
    const b = openTab('b', true, true);
    await settle();
    listen(b, USER);
    await settle();
    FakeEventSource.latest().ready(cursorOf({ [USER]: '1-0' }));
    await settle();
    const http = TestBed.inject(HttpTestingController);

    const loggedOut = a.injector.get(AuthStore).logout();
    http.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    await loggedOut;
    close(a);
    await settle();

    // Tab b checks the cookie twice, as after a revoked stream of its own.
    http.expectOne('/api/auth/me').flush(null, { status: 401, statusText: 'Unauthorized' });
    await settle(1_000);
    expect(browser.heldBy('corkboard-stream:u1')).toBe('a');
    http.expectOne('/api/auth/me').flush(null, { status: 401, statusText: 'Unauthorized' });
    await settle();

    expect(b.injector.get(AuthStore).isAuthenticated()).toBe(false);
    expect(TestBed.inject(Router).url).toContain('reason=signed_out');
    await settle(5_000);
    // Nobody opened a stream the server would refuse.
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('keeps a stream per tab where Web Locks or BroadcastChannel are missing', async () => {
    const a = openTab('a', false);
    const b = openTab('b', false);
    listen(a, B1);
    listen(b, B2);
    await settle();

    expect(FakeEventSource.open().map((source) => source.channels)).toEqual([[B1], [B2]]);
  });
});
