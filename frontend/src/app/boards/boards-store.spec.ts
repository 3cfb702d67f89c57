import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { NEVER } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Board } from '@contracts/boards';

import { AuthStore } from '../auth/auth-store';
import { LastKnown } from '../offline/last-known';
import { OfflineDb } from '../offline/offline-db';
import { type ConnectionState, RealtimeClient } from '../realtime/realtime-client';
import { BoardsStore } from './boards-store';
import { useFakeIndexedDb } from '../offline/testing/fake-indexed-db';

useFakeIndexedDb();

const alice = { id: 'u-boards-offline', username: 'alice', displayName: 'Alice', role: 'owner' as const };

function board(id: string, title: string): Board {
  return { id, title, ownerId: alice.id, members: [alice], createdAt: `2026-01-0${id.slice(1)}T00:00:00Z` };
}

describe('BoardsStore without network', () => {
  let store: BoardsStore;
  let http: HttpTestingController;
  let state: ReturnType<typeof signal<ConnectionState>>;

  const titles = (): string[] => store.boards().map((shown) => shown.title);

  async function load(answer: (request: ReturnType<HttpTestingController['expectOne']>) => void): Promise<void> {
    const loaded = store.load();
    answer(http.expectOne('/api/boards'));
    await loaded;
  }

  beforeEach(async () => {
    state = signal<ConnectionState>('live');
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        BoardsStore,
        { provide: RealtimeClient, useValue: { on: () => NEVER, state } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await TestBed.inject(OfflineDb).forgetUser(alice.id);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
    store = TestBed.inject(BoardsStore);
  });

  afterEach(() => http.verify());

  it('shows the last-known list when the server cannot be reached, and the real one once the stream is back', async () => {
    await load((request) => request.flush([board('b1', 'Retro'), board('b2', 'Roadmap')]));
    TestBed.tick();
    TestBed.inject(LastKnown).flush();
    await expect.poll(() => TestBed.inject(OfflineDb).cacheGet(alice.id, 'boards')).toBeTruthy();

    state.set('offline');
    await load((request) => request.error(new ProgressEvent('error')));
    expect(store.status()).toBe('ready');
    expect(store.fromCache()).toBe(true);
    expect(titles()).toEqual(['Roadmap', 'Retro']);

    state.set('live');
    TestBed.tick();
    http.expectOne('/api/boards').flush([board('b1', 'Retro')]);
    await expect.poll(() => store.fromCache()).toBe(false);
    expect(titles()).toEqual(['Retro']);
  });

  it('says it cannot load when nothing is stored', async () => {
    await load((request) => request.flush(null, { status: 503, statusText: 'Service Unavailable' }));

    expect(store.status()).toBe('error');
  });
});
