import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { NEVER } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { boardChannel, conversationChannel } from '@contracts/channels';
import type { ChatMessage, MessagePage } from '@contracts/chat';

import { AuthStore } from '../auth/auth-store';
import { LastKnown } from '../offline/last-known';
import { OfflineDb } from '../offline/offline-db';
import { type ConnectionState, RealtimeClient } from '../realtime/realtime-client';
import { ChatDrafts } from './chat-drafts';
import { ChatStore, STORED_MESSAGES } from './chat-store';
import { useFakeIndexedDb } from '../offline/testing/fake-indexed-db';

useFakeIndexedDb();

const alice = { id: 'u-chat-offline', username: 'alice', displayName: 'Alice' };
const ROOM = 'board:b1';
const MESSAGES = '/api/boards/b1/messages';

function message(n: number): ChatMessage {
  return { id: `${n}-0`, roomId: ROOM, userId: 'u2', content: `message ${n}`, createdAt: '2026-01-01T10:00:00.000Z' };
}

/** Messages 1..count as the server's newest page lists them: newest first. */
function page(from: number, to: number, nextBefore: string | null = null): MessagePage {
  const messages: ChatMessage[] = [];
  for (let n = to; n >= from; n--) {
    messages.push(message(n));
  }
  return { messages, nextBefore };
}

describe('ChatStore without network', () => {
  let store: ChatStore;
  let http: HttpTestingController;
  let state: ReturnType<typeof signal<ConnectionState>>;

  const contents = (): string[] => store.entries().map((entry) => entry.content);

  async function saveNow(): Promise<void> {
    TestBed.tick();
    TestBed.inject(LastKnown).flush();
    await expect.poll(() => TestBed.inject(OfflineDb).cacheGet(alice.id, `chat:${ROOM}`)).toBeTruthy();
  }

  async function openUnreachable(): Promise<void> {
    store.open(ROOM);
    http.expectOne((request) => request.url === MESSAGES).error(new ProgressEvent('error'));
    await expect.poll(() => store.status()).not.toBe('loading');
  }

  beforeEach(async () => {
    state = signal<ConnectionState>('live');
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        ChatStore,
        { provide: RealtimeClient, useValue: { channel: vi.fn(() => NEVER), on: vi.fn(() => NEVER), state } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await TestBed.inject(OfflineDb).forgetUser(alice.id);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
    store = TestBed.inject(ChatStore);
  });

  afterEach(() => http.verify());

  it('shows the newest stored messages when the server cannot be reached', async () => {
    store.open(ROOM);
    http.expectOne((request) => request.url === MESSAGES).flush(page(1, 60, '1-0'));
    await expect.poll(() => store.status()).toBe('ready');
    await saveNow();

    state.set('offline');
    await openUnreachable();

    expect(store.status()).toBe('ready');
    expect(store.fromCache()).toBe(true);
    expect(contents()).toHaveLength(STORED_MESSAGES);
    expect(contents().at(0)).toBe('message 11');
    expect(contents().at(-1)).toBe('message 60');
    expect(store.hasOlder()).toBe(true);
  });

  it('catches up from the server once the stream is back', async () => {
    store.open(ROOM);
    http.expectOne((request) => request.url === MESSAGES).flush(page(1, 3));
    await expect.poll(() => store.status()).toBe('ready');
    await saveNow();
    state.set('offline');
    TestBed.tick();
    await openUnreachable();

    state.set('live');
    TestBed.tick();
    http.expectOne((request) => request.url === MESSAGES).flush(page(1, 5));

    await expect.poll(() => store.fromCache()).toBe(false);
    expect(contents()).toEqual(['message 1', 'message 2', 'message 3', 'message 4', 'message 5']);
  });

  it('says it cannot load when nothing is stored', async () => {
    state.set('offline');
    await openUnreachable();

    expect(store.status()).toBe('error');
  });

  it('keeps a draft per room until it is sent', async () => {
    const drafts = TestBed.inject(ChatDrafts);
    const room = boardChannel('b1');
    drafts.save(room, 'half a thought');
    TestBed.inject(LastKnown).flush();
    await expect.poll(() => drafts.read(room)).toBe('half a thought');
    expect(await drafts.read(conversationChannel('c1'))).toBe('');

    drafts.save(room, '');
    await expect.poll(() => drafts.read(room)).toBe('');
  });
});
