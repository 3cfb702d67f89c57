import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { EnvironmentInjector, createEnvironmentInjector, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { NEVER } from 'rxjs';

import type { MessagePage } from '@contracts/chat';

import { AuthStore } from '../auth/auth-store';
import { Outbox } from '../offline/outbox';
import { OUTBOX_LINK_FACTORY } from '../offline/outbox-link';
import { type ConnectionState, RealtimeClient } from '../realtime/realtime-client';
import { ChatApi } from './chat-api';
import { ChatStore } from './chat-store';
import { useFakeIndexedDb } from '../offline/testing/fake-indexed-db';

useFakeIndexedDb();

const ROOM = 'board:b1';
const MESSAGES = '/api/boards/b1/messages';
const EMPTY: MessagePage = { messages: [], nextBefore: null };
let users = 0;

describe('ChatStore with the outbox', () => {
  let http: HttpTestingController;
  let connection: ReturnType<typeof signal<ConnectionState>>;
  let me: string;
  const pages: EnvironmentInjector[] = [];

  /** One page load: a fresh outbox and store, as after a reload (IndexedDB stays). */
  function loadPage(): ChatStore {
    pages.splice(0).forEach((gone) => gone.destroy());
    const page = createEnvironmentInjector([Outbox, ChatApi, ChatStore], TestBed.inject(EnvironmentInjector));
    pages.push(page);
    const store = page.get(ChatStore);
    TestBed.tick();
    store.open(ROOM);
    http.expectOne((request) => request.method === 'GET' && request.url === MESSAGES).flush(EMPTY);
    return store;
  }

  async function nextPost(): Promise<TestRequest> {
    let found: TestRequest | undefined;
    await vi.waitFor(() => {
      found ??= http.match((request) => request.method === 'POST' && request.url === MESSAGES)[0];
      if (!found) {
        throw new Error('no message sent yet');
      }
    });
    return found!;
  }

  beforeEach(() => {
    users += 1;
    me = `alice-chat-outbox-${users}`;
    connection = signal<ConnectionState>('offline');
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: AuthStore, useValue: { user: signal({ id: me, username: 'alice', displayName: 'Alice' }) } },
        { provide: RealtimeClient, useValue: { state: connection, channel: () => NEVER, on: () => NEVER } },
        { provide: OUTBOX_LINK_FACTORY, useValue: null },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    pages.splice(0).forEach((page) => page.destroy());
  });

  it('shows a message written offline as pending again after a reload, until the outbox sends it', async () => {
    const before = loadPage();
    expect(before.send('written on the train')).toBe(true);
    await vi.waitFor(() => expect(pages[0].get(Outbox).count()).toBe(1));

    const after = loadPage();
    await vi.waitFor(() =>
      expect(after.entries().map((entry) => [entry.content, entry.state])).toEqual([['written on the train', 'pending']]),
    );
    const clientId = after.entries()[0].clientId!;

    connection.set('live');
    TestBed.tick();
    const post = await nextPost();
    expect(post.request.body).toEqual({ content: 'written on the train', clientId });
    post.flush({ id: '1-0', roomId: ROOM, userId: me, content: 'written on the train', clientId, createdAt: '' });

    expect(after.entries().map((entry) => [entry.id, entry.state])).toEqual([['1-0', 'sent']]);
  });
});
