import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Board, BoardSnapshot, Note } from '@contracts/boards';
import type { AnyEventEnvelope } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { LastKnown } from '../offline/last-known';
import { OfflineDb } from '../offline/offline-db';
import { type ConnectionState, RealtimeClient } from '../realtime/realtime-client';
import { BoardStore } from './board-store';
import { useFakeIndexedDb } from '../offline/testing/fake-indexed-db';

useFakeIndexedDb();

const alice = { id: 'u-board-offline', username: 'alice', displayName: 'Alice', role: 'owner' as const };
const board: Board = { id: 'b1', title: 'Retro', ownerId: alice.id, members: [alice], createdAt: '2026-01-01T00:00:00Z' };

function note(id: string, changes: Partial<Note> = {}): Note {
  return {
    id,
    boardId: 'b1',
    text: `text of ${id}`,
    x: 10,
    y: 20,
    color: 'yellow',
    version: 1,
    createdBy: alice.id,
    updatedAt: '',
    ...changes,
  };
}

describe('BoardStore without network', () => {
  let store: BoardStore;
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;
  let state: ReturnType<typeof signal<ConnectionState>>;
  let realtime: { channel: ReturnType<typeof vi.fn>; resume: ReturnType<typeof vi.fn>; refused$: Subject<number>; state: typeof state };

  const texts = (): string[] => store.notes().map((view) => view.text);

  async function openOnline(notes: Note[]): Promise<void> {
    const opened = store.open('b1');
    http.expectOne('/api/boards/b1').flush({ board, notes, cursor: 'board:b1@e1:5-0' } satisfies BoardSnapshot);
    await opened;
    // The save effect runs, then the save is written without waiting for its second.
    TestBed.tick();
    TestBed.inject(LastKnown).flush();
    await expect.poll(() => TestBed.inject(OfflineDb).cacheGet(alice.id, 'board:b1')).toBeTruthy();
  }

  async function openUnreachable(): Promise<void> {
    const opened = store.open('b1');
    http.expectOne('/api/boards/b1').error(new ProgressEvent('error'));
    await opened;
  }

  beforeEach(async () => {
    events = new Subject();
    state = signal<ConnectionState>('live');
    realtime = { channel: vi.fn(() => events.asObservable()), resume: vi.fn(), refused$: new Subject(), state };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        BoardStore,
        { provide: RealtimeClient, useValue: realtime },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await TestBed.inject(OfflineDb).forgetUser(alice.id);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
    store = TestBed.inject(BoardStore);
  });

  afterEach(() => http.verify());

  it('opens from the last-known state when the server cannot be reached, and says so', async () => {
    await openOnline([note('n1'), note('n2', { text: 'second' })]);
    state.set('offline');

    await openUnreachable();

    expect(store.status()).toBe('ready');
    expect(store.board()?.title).toBe('Retro');
    expect(texts()).toEqual(['text of n1', 'second']);
    expect(store.fromCache()).toBe(true);
    expect(TestBed.inject(LastKnown).showingStale()).toBe(true);
    expect(realtime.channel).toHaveBeenLastCalledWith('board:b1', 'board:b1@e1:5-0');
  });

  it('keeps the stored copy current as confirmed notes change', async () => {
    await openOnline([note('n1')]);
    events.next({
      id: '6-0',
      channel: 'board:b1',
      type: 'note.updated',
      timestamp: '',
      userId: 'u2',
      data: { note: note('n1', { text: 'edited elsewhere', version: 2 }) },
    });
    TestBed.tick();
    TestBed.inject(LastKnown).flush();
    await expect
      .poll(async () => (await TestBed.inject(OfflineDb).cacheGet<BoardSnapshot>(alice.id, 'board:b1'))?.notes.map((stored) => stored.text))
      .toEqual(['edited elsewhere']);
  });

  it('shows the usual error when nothing is stored', async () => {
    await openUnreachable();

    expect(store.status()).toBe('error');
    expect(store.fromCache()).toBe(false);
  });

  it('brings the board up to date once the stream is back', async () => {
    await openOnline([note('n1')]);
    state.set('offline');
    await openUnreachable();

    state.set('live');
    TestBed.tick();
    http.expectOne('/api/boards/b1').flush({ board, notes: [note('n1'), note('n3')], cursor: 'board:b1@e1:9-0' } satisfies BoardSnapshot);

    await expect.poll(() => store.fromCache()).toBe(false);
    expect(texts()).toEqual(['text of n1', 'text of n3']);
    expect(realtime.resume).toHaveBeenCalledWith('board:b1', 'board:b1@e1:9-0');
    expect(TestBed.inject(LastKnown).showingStale()).toBe(false);
  });

  it('forgets the stored copy of a board that no longer exists', async () => {
    await openOnline([note('n1')]);

    const opened = store.open('b1');
    http
      .expectOne('/api/boards/b1')
      .flush({ statusCode: 404, error: 'Not Found', message: 'no' }, { status: 404, statusText: 'Not Found' });
    await opened;

    await expect.poll(() => TestBed.inject(OfflineDb).cacheGet(alice.id, 'board:b1')).toBeUndefined();
  });
});
