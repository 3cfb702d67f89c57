import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { EnvironmentInjector, createEnvironmentInjector, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { Observable } from 'rxjs';

import { AuthStore } from '../auth/auth-store';
import { type ConnectionState, RealtimeClient } from '../realtime/realtime-client';
import { FakeBrowser } from '../realtime/shared-tabs/testing/fake-browser';
import { OfflineDb } from './offline-db';
import { Outbox, type OutboxWrite } from './outbox';
import { OUTBOX_LINK_FACTORY, type OutboxLinkFactory } from './outbox-link';
import { useFakeIndexedDb } from './testing/fake-indexed-db';

useFakeIndexedDb();

const NOTES = '/api/boards/b1/notes';

let users = 0;
const openInjectors: EnvironmentInjector[] = [];

/** One tab: its own outbox, connection state and signed-in user; HTTP and IndexedDB are the browser's. */
interface Tab {
  outbox: Outbox;
  connection: ReturnType<typeof signal<ConnectionState>>;
  user: ReturnType<typeof signal<{ id: string } | null>>;
}

function openTab(userId: string, link: OutboxLinkFactory | null, state: ConnectionState = 'live'): Tab {
  const connection = signal<ConnectionState>(state);
  const user = signal<{ id: string } | null>({ id: userId });
  const injector = createEnvironmentInjector(
    [
      Outbox,
      OfflineDb,
      { provide: AuthStore, useValue: { user } },
      { provide: RealtimeClient, useValue: { state: connection } },
      { provide: OUTBOX_LINK_FACTORY, useValue: link },
    ],
    TestBed.inject(EnvironmentInjector),
  );
  openInjectors.push(injector);
  const outbox = injector.get(Outbox);
  TestBed.tick();
  return { outbox, connection, user };
}

function note(clientId: string, text = 'hello'): OutboxWrite {
  return {
    scope: 'board:b1',
    kind: 'note.create',
    method: 'POST',
    url: NOTES,
    body: { text, x: 0, y: 0, color: 'yellow', clientId },
    key: clientId,
  };
}

/** Subscribes like a store does and records what it was told. */
function watch<T>(answer: Observable<T>): { values: T[]; errors: unknown[]; done: boolean } {
  const seen = { values: [] as T[], errors: [] as unknown[], done: false };
  answer.subscribe({
    next: (value) => seen.values.push(value),
    error: (error: unknown) => seen.errors.push(error),
    complete: () => (seen.done = true),
  });
  return seen;
}

describe('Outbox', () => {
  let http: HttpTestingController;
  let alice: string;

  async function nextRequest(method: string, url: string): Promise<TestRequest> {
    let found: TestRequest | undefined;
    await vi.waitFor(() => {
      found ??= http.match((request) => request.method === method && request.urlWithParams === url)[0];
      if (!found) {
        throw new Error(`no ${method} ${url} yet`);
      }
    });
    return found!;
  }

  function goLive(tab: Tab): void {
    tab.connection.set('live');
    TestBed.tick();
  }

  afterEach(() => {
    openInjectors.splice(0).forEach((injector) => injector.destroy());
  });

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    users += 1;
    alice = `alice-outbox-${users}`;
  });

  it('sends a write straight away while online with nothing waiting, with its key as Idempotency-Key', async () => {
    const tab = openTab(alice, null);
    const seen = watch(tab.outbox.send(note('k1')));

    const request = await nextRequest('POST', NOTES);
    expect(request.request.headers.get('Idempotency-Key')).toBe('k1');
    request.flush({ id: 'n1' });

    expect(seen.values).toEqual([{ id: 'n1' }]);
    expect(await tab.outbox.queuedIn('board:b1')).toEqual([]);
  });

  it('keeps writes made offline pending, then sends them in order, one at a time, before new writes', async () => {
    const tab = openTab(alice, null, 'offline');
    const first = watch(tab.outbox.send(note('k1', 'one')));
    const second = watch(tab.outbox.send(note('k2', 'two')));
    await vi.waitFor(() => expect(tab.outbox.count()).toBe(2));
    expect(tab.outbox.countIn('board:b1')).toBe(2);
    http.expectNone(NOTES);
    expect(first.values).toEqual([]);

    goLive(tab);
    const one = await nextRequest('POST', NOTES);
    expect(one.request.body).toEqual(expect.objectContaining({ text: 'one' }));
    // A new write waits behind the queue instead of overtaking it.
    const third = watch(tab.outbox.send(note('k3', 'three')));
    http.expectNone(NOTES);
    one.flush({ id: 'n1' });
    expect(first.values).toEqual([{ id: 'n1' }]);

    const two = await nextRequest('POST', NOTES);
    expect(two.request.body).toEqual(expect.objectContaining({ text: 'two' }));
    expect(two.request.headers.get('Idempotency-Key')).toBe('k2');
    two.flush({ id: 'n2' });
    (await nextRequest('POST', NOTES)).flush({ id: 'n3' });

    expect(second.values).toEqual([{ id: 'n2' }]);
    expect(third.values).toEqual([{ id: 'n3' }]);
    await vi.waitFor(() => expect(tab.outbox.count()).toBe(0));
  });

  it('keeps a write that met a network error or a 5xx and sends it again with the same key', async () => {
    const tab = openTab(alice, null);
    const seen = watch(tab.outbox.send(note('k1')));
    (await nextRequest('POST', NOTES)).error(new ProgressEvent('error'));
    await vi.waitFor(() => expect(tab.outbox.count()).toBe(1));
    expect(seen.errors).toEqual([]);

    window.dispatchEvent(new Event('online'));
    const again = await nextRequest('POST', NOTES);
    expect(again.request.headers.get('Idempotency-Key')).toBe('k1');
    again.flush({ message: 'down' }, { status: 502, statusText: 'Bad Gateway' });
    await vi.waitFor(async () => expect((await tab.outbox.queuedIn('board:b1'))[0]?.attempts).toBe(2));
    expect(seen.errors).toEqual([]);

    window.dispatchEvent(new Event('online'));
    (await nextRequest('POST', NOTES)).flush({ id: 'n1' });
    expect(seen.values).toEqual([{ id: 'n1' }]);
    await vi.waitFor(() => expect(tab.outbox.count()).toBe(0));
  });

  it('drops a queued write the server refuses (4xx), tells its caller, and goes on with the next', async () => {
    const tab = openTab(alice, null, 'offline');
    const refused = watch(tab.outbox.send(note('k1', 'stale')));
    const next = watch(tab.outbox.send(note('k2', 'fine')));
    await vi.waitFor(() => expect(tab.outbox.count()).toBe(2));

    goLive(tab);
    (await nextRequest('POST', NOTES)).flush({ message: 'Note not found' }, { status: 404, statusText: 'Not Found' });
    (await nextRequest('POST', NOTES)).flush({ id: 'n2' });

    expect(refused.errors).toEqual([expect.objectContaining({ status: 404 })]);
    expect(next.values).toEqual([{ id: 'n2' }]);
    await vi.waitFor(() => expect(tab.outbox.count()).toBe(0));
  });

  it('never sends one user’s waiting writes for another user signed in on the same browser', async () => {
    const tab = openTab(alice, null, 'offline');
    watch(tab.outbox.send(note('k1')));
    await vi.waitFor(() => expect(tab.outbox.count()).toBe(1));

    tab.user.set({ id: `bob-outbox-${users}` });
    goLive(tab);
    await vi.waitFor(() => expect(tab.outbox.count()).toBe(0));
    http.expectNone(NOTES);

    tab.user.set({ id: alice });
    TestBed.tick();
    const request = await nextRequest('POST', NOTES);
    expect(request.request.headers.get('Idempotency-Key')).toBe('k1');
    request.flush({ id: 'n1' });
  });

  it('answers a write queued in one tab when another tab sends it, and only one tab sends', async () => {
    const browser = new FakeBrowser();
    const link = (tab: string) => browser.tab(tab) as unknown as OutboxLinkFactory;
    const offlineTab = openTab(alice, link('t1'), 'offline');
    const onlineTab = openTab(alice, link('t2'), 'offline');
    const seen = watch(offlineTab.outbox.send(note('k1')));
    await vi.waitFor(() => expect(onlineTab.outbox.count()).toBe(1));

    goLive(onlineTab);
    goLive(offlineTab);
    const request = await nextRequest('POST', NOTES);
    request.flush({ id: 'n1' });

    await vi.waitFor(() => expect(seen.values).toEqual([{ id: 'n1' }]));
    await vi.waitFor(() => expect(offlineTab.outbox.count()).toBe(0));
    http.expectNone(NOTES);
  });

  it('folds a change into a queued create that was never tried, and drops it on cancel', async () => {
    const tab = openTab(alice, null, 'offline');
    const seen = watch(tab.outbox.send(note('k1', 'draft')));
    await vi.waitFor(() => expect(tab.outbox.count()).toBe(1));

    expect(await tab.outbox.amend('k1', (body) => ({ ...(body as object), text: 'final' }))).toBe(true);
    expect((await tab.outbox.queuedIn('board:b1'))[0].body).toEqual(expect.objectContaining({ text: 'final' }));

    expect(await tab.outbox.cancel('k1')).toBe(true);
    expect(seen.done).toBe(true);
    expect(tab.outbox.count()).toBe(0);
    goLive(tab);
    http.expectNone(NOTES);
  });

  it('leaves a create that was tried once alone: the server may hold its first body under the key', async () => {
    const tab = openTab(alice, null);
    watch(tab.outbox.send(note('k1', 'draft')));
    (await nextRequest('POST', NOTES)).error(new ProgressEvent('error'));
    await vi.waitFor(() => expect(tab.outbox.count()).toBe(1));

    expect(await tab.outbox.amend('k1', () => ({ text: 'changed' }))).toBe(false);
    expect(await tab.outbox.cancel('k1')).toBe(false);
    expect(tab.outbox.count()).toBe(1);
  });

  it('folds the moves of one note in a row into one queued write that answers every caller', async () => {
    const tab = openTab(alice, null, 'offline');
    const move = (key: string, x: number): OutboxWrite => ({
      scope: 'board:b1',
      kind: 'note.update',
      method: 'PATCH',
      url: `${NOTES}/n1`,
      body: { x, y: x, clientId: key },
      key,
    });
    const first = watch(tab.outbox.send(move('m1', 10)));
    const second = watch(tab.outbox.send(move('m2', 20)));
    const third = watch(tab.outbox.send(move('m3', 30)));
    await vi.waitFor(() => expect(third.values).toEqual([]));
    await vi.waitFor(async () => expect((await tab.outbox.queuedIn('board:b1'))[0]?.body).toEqual({ x: 30, y: 30, clientId: 'm1' }));
    expect(tab.outbox.count()).toBe(1);

    goLive(tab);
    const request = await nextRequest('PATCH', `${NOTES}/n1`);
    expect(request.request.headers.get('Idempotency-Key')).toBe('m1');
    request.flush({ id: 'n1', x: 30 });
    for (const seen of [first, second, third]) {
      expect(seen.values).toEqual([{ id: 'n1', x: 30 }]);
    }
  });

  it('keeps only the newest of several read markers of one room waiting in a row', async () => {
    const tab = openTab(alice, null, 'offline');
    const read = (key: string, messageId: string): OutboxWrite => ({
      scope: 'board:b1',
      kind: 'chat.read',
      method: 'POST',
      url: '/api/boards/b1/read',
      body: { messageId },
      key,
    });
    watch(tab.outbox.send(read('r1', '1-0')));
    watch(tab.outbox.send(read('r2', '2-0')));
    await vi.waitFor(async () =>
      expect((await tab.outbox.queuedIn('board:b1')).map((record) => record.body)).toEqual([{ messageId: '2-0' }]),
    );
    expect(tab.outbox.count()).toBe(0);
  });

  it('discards every waiting write of the user on request (logging out without them)', async () => {
    const tab = openTab(alice, null, 'offline');
    watch(tab.outbox.send(note('k1')));
    watch(tab.outbox.send(note('k2')));
    await vi.waitFor(() => expect(tab.outbox.count()).toBe(2));

    await tab.outbox.discardAll();
    expect(tab.outbox.count()).toBe(0);
    goLive(tab);
    http.expectNone(NOTES);
  });
});
