import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { EnvironmentInjector, createEnvironmentInjector, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { NEVER, Subject } from 'rxjs';

import type { Board, BoardSnapshot, Note } from '@contracts/boards';

import { AuthStore } from '../auth/auth-store';
import { BoardsApi } from '../boards/boards-api';
import { OUTBOX_LINK_FACTORY } from '../offline/outbox-link';
import { Outbox } from '../offline/outbox';
import { type ConnectionState, RealtimeClient } from '../realtime/realtime-client';
import { BoardStore } from './board-store';
import { useFakeIndexedDb } from '../offline/testing/fake-indexed-db';

useFakeIndexedDb();

const NOTES = '/api/boards/b1/notes';
let users = 0;

function note(id: string, changes: Partial<Note> = {}): Note {
  return {
    id,
    boardId: 'b1',
    text: `text of ${id}`,
    x: 10,
    y: 20,
    color: 'yellow',
    version: 1,
    createdBy: 'u2',
    updatedAt: '',
    ...changes,
  };
}

describe('BoardStore with the outbox', () => {
  let http: HttpTestingController;
  let connection: ReturnType<typeof signal<ConnectionState>>;
  let board: Board;
  const pages: EnvironmentInjector[] = [];

  /** One page load: a fresh outbox and store, as after a reload (IndexedDB stays). */
  async function loadPage(notes: Note[]): Promise<BoardStore> {
    // The page before is gone, its outbox with it: only IndexedDB remains.
    pages.splice(0).forEach((gone) => gone.destroy());
    const page = createEnvironmentInjector([Outbox, BoardsApi, BoardStore], TestBed.inject(EnvironmentInjector));
    pages.push(page);
    const store = page.get(BoardStore);
    TestBed.tick();
    const opened = store.open('b1');
    http.expectOne('/api/boards/b1').flush({ board, notes, cursor: 'board:b1@e1:5-0' } satisfies BoardSnapshot);
    await opened;
    return store;
  }

  async function nextWrite(method: string, url: string): Promise<TestRequest> {
    let found: TestRequest | undefined;
    await vi.waitFor(() => {
      found ??= http.match((request) => request.method === method && request.url.split('?')[0] === url)[0];
      if (!found) {
        throw new Error(`no ${method} ${url} yet`);
      }
    });
    return found!;
  }

  function waiting(): number {
    return pages.at(-1)!.get(Outbox).count();
  }

  function goLive(): void {
    connection.set('live');
    TestBed.tick();
  }

  beforeEach(() => {
    users += 1;
    const me = { id: `alice-board-outbox-${users}`, username: 'alice', displayName: 'Alice', role: 'owner' as const };
    board = { id: 'b1', title: 'Retro', ownerId: me.id, members: [me], createdAt: '2026-01-01T00:00:00Z' };
    connection = signal<ConnectionState>('offline');
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: AuthStore, useValue: { user: signal(me) } },
        {
          provide: RealtimeClient,
          useValue: { state: connection, channel: () => NEVER, resume: () => undefined, refused$: new Subject() },
        },
        { provide: OUTBOX_LINK_FACTORY, useValue: null },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    pages.splice(0).forEach((page) => page.destroy());
  });

  it('shows what was changed offline as pending again after a reload, and the sent writes confirm it', async () => {
    const before = await loadPage([note('n1'), note('n2')]);
    before.create({ x: 300, y: 300 }, 'blue', 'written offline');
    before.move('n1', 500, 400);
    before.delete('n2');
    await vi.waitFor(() => expect(waiting()).toBe(3));

    const after = await loadPage([note('n1'), note('n2')]);
    await vi.waitFor(() => expect(after.notes()).toHaveLength(2));
    const created = after.notes().find((view) => view.id === null)!;
    expect(created).toEqual(expect.objectContaining({ text: 'written offline', color: 'blue', pending: true }));
    expect(after.noteView('n1')).toEqual(expect.objectContaining({ x: 500, y: 400, pending: true }));
    expect(after.noteView('n2')).toBeUndefined();

    goLive();
    (await nextWrite('POST', NOTES)).flush(note('n3', { text: 'written offline', color: 'blue', x: 300, y: 300, version: 1 }));
    (await nextWrite('PATCH', `${NOTES}/n1`)).flush(note('n1', { x: 500, y: 400, version: 2 }));
    (await nextWrite('DELETE', `${NOTES}/n2`)).flush(null, { status: 204, statusText: 'No Content' });

    await vi.waitFor(() =>
      expect(after.notes().map((view) => [view.id, view.pending])).toEqual([
        ['n1', false],
        ['n3', false],
      ]),
    );
  });

  it('folds edits of a note whose create is still queued into it, so they survive a reload and go out once', async () => {
    const before = await loadPage([]);
    const key = before.create({ x: 0, y: 0 });
    before.editText(key, 'typed offline', { version: 0, text: '' });
    before.setColor(key, 'pink');
    await vi.waitFor(async () => {
      const [record] = await pages.at(-1)!.get(Outbox).queuedIn('board:b1');
      expect(record?.body).toEqual(expect.objectContaining({ text: 'typed offline', color: 'pink' }));
    });

    const after = await loadPage([]);
    await vi.waitFor(() =>
      expect(after.notes()).toEqual([expect.objectContaining({ text: 'typed offline', color: 'pink', pending: true })]),
    );

    goLive();
    const create = await nextWrite('POST', NOTES);
    create.flush(note('n9', { text: 'typed offline', color: 'pink' }));
    await vi.waitFor(() => expect(after.notes()).toEqual([expect.objectContaining({ id: 'n9', pending: false })]));
    http.expectNone((request) => request.method === 'PATCH');
  });

  it('keeps a note someone deleted while its move waited offline, to restore as a new note or dismiss', async () => {
    const store = await loadPage([note('n1', { text: 'mine', color: 'green' })]);
    store.move('n1', 400, 300);
    await vi.waitFor(() => expect(waiting()).toBe(1));

    goLive();
    (await nextWrite('PATCH', `${NOTES}/n1`)).flush(
      { statusCode: 404, error: 'Not Found', message: 'Note not found' },
      { status: 404, statusText: 'Not Found' },
    );
    expect(store.notes()).toEqual([expect.objectContaining({ key: 'n1', x: 400, y: 300, pending: false, deletedWhileOffline: true })]);

    store.restoreDeleted('n1');
    const restored = await nextWrite('POST', NOTES);
    expect(restored.request.body).toEqual(expect.objectContaining({ text: 'mine', color: 'green', x: 400, y: 300 }));
    restored.flush(note('n2', { text: 'mine', color: 'green', x: 400, y: 300 }));
    expect(store.notes()).toEqual([expect.objectContaining({ id: 'n2', text: 'mine', pending: false, deletedWhileOffline: false })]);
  });

  it('drops a queued create and its delete together: neither goes out', async () => {
    const store = await loadPage([]);
    const key = store.create({ x: 0, y: 0 }, 'yellow', 'never mind');
    await vi.waitFor(() => expect(waiting()).toBe(1));
    store.delete(key);
    await vi.waitFor(() => expect(waiting()).toBe(0));
    expect(store.notes()).toEqual([]);

    goLive();
    await Promise.resolve();
    http.expectNone(NOTES);
  });
});
