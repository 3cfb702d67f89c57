import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Board, BoardSnapshot, Note } from '@contracts/boards';
import type { AnyEventEnvelope, EventMap, EventType } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { Toasts } from '../core/toasts';
import { RealtimeClient } from '../realtime/realtime-client';
import { BoardStore } from './board-store';
import { BoardUndo } from './board-undo';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const bob = { id: 'u2', username: 'bob', displayName: 'Bob' };
const board: Board = {
  id: 'b1',
  title: 'Retro',
  ownerId: 'u1',
  members: [
    { ...alice, role: 'owner' },
    { ...bob, role: 'editor' },
  ],
  createdAt: '2026-01-01T00:00:00Z',
};
const NOTE = '/api/boards/b1/notes/n1';

function note(changes: Partial<Note> = {}): Note {
  return { id: 'n1', boardId: 'b1', text: 'hello', x: 10, y: 20, color: 'yellow', version: 1, createdBy: 'u1', updatedAt: '', ...changes };
}

describe('BoardUndo', () => {
  let store: BoardStore;
  let undo: BoardUndo;
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;
  let seq = 0;

  function push<T extends EventType>(type: T, data: EventMap[T], userId = 'u2'): void {
    seq += 1;
    events.next({ id: `${seq}-0`, channel: 'board:b1', type, timestamp: '', userId, data } as AnyEventEnvelope);
  }

  /** The request once the undo's promise chain has sent it. */
  async function sent(method: string, url: string): Promise<TestRequest> {
    let request: TestRequest | undefined;
    await vi.waitFor(() => {
      request = http.expectOne((candidate) => candidate.method === method && candidate.url === url);
    });
    return request!;
  }

  const shown = () => store.notes().find((view) => view.id === 'n1');
  const toasts = () =>
    TestBed.inject(Toasts)
      .toasts()
      .map((toast) => toast.message);

  async function open(members = board.members): Promise<void> {
    const opened = store.open('b1');
    http
      .expectOne('/api/boards/b1')
      .flush({ board: { ...board, members }, notes: [note()], cursor: 'board:b1@e1:0-0' } satisfies BoardSnapshot);
    await opened;
  }

  /** Alice changes the text, then the colour: both confirmed. */
  async function editTextThenColor(): Promise<void> {
    store.editText('n1', 'bye', { version: 1, text: 'hello' });
    http.expectOne(NOTE).flush(note({ text: 'bye', version: 2 }));
    store.setColor('n1', 'pink');
    http.expectOne(NOTE).flush(note({ text: 'bye', color: 'pink', version: 3 }));
  }

  beforeEach(async () => {
    events = new Subject();
    const realtime = { channel: vi.fn(() => events.asObservable()), resume: vi.fn(), refused$: new Subject() };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        BoardStore,
        BoardUndo,
        { provide: RealtimeClient, useValue: realtime },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
    store = TestBed.inject(BoardStore);
    undo = TestBed.inject(BoardUndo);
  });

  afterEach(() => http.verify());

  it('undoes and redoes the user’s own edits, newest first, with the note’s current version', async () => {
    await open();
    await editTextThenColor();
    expect(undo.canUndo()).toBe(true);

    const undone = undo.undo();
    const request = await sent('PATCH', NOTE);
    expect(request.request.body).toMatchObject({ color: 'yellow', version: 3 });
    request.flush(note({ text: 'bye', version: 4 }));
    await undone;
    expect(shown()?.color).toBe('yellow');
    expect(undo.canRedo()).toBe(true);

    const redone = undo.redo();
    const again = await sent('PATCH', NOTE);
    expect(again.request.body).toMatchObject({ color: 'pink', version: 4 });
    again.flush(note({ text: 'bye', color: 'pink', version: 5 }));
    await redone;
    expect(shown()?.color).toBe('pink');
  });

  it('skips a step whose field someone else changed since, says who, and undoes the next one in the same press', async () => {
    await open();
    await editTextThenColor();
    push('note.updated', { note: note({ text: 'bye', color: 'blue', version: 4 }), changed: ['color'] });

    const undone = undo.undo();
    const request = await sent('PATCH', NOTE);
    expect(request.request.body).toMatchObject({ text: 'hello', version: 4 });
    expect(request.request.body).not.toHaveProperty('color');
    request.flush(note({ text: 'hello', color: 'blue', version: 5 }));
    await undone;

    expect(toasts()).toContain('Bob changed this note since — undo skipped.');
    expect(shown()).toMatchObject({ text: 'hello', color: 'blue' });
    expect(undo.canUndo()).toBe(false);
  });

  it('plans again once against the note a 409 carries', async () => {
    await open();
    await editTextThenColor();

    const undone = undo.undo();
    const first = await sent('PATCH', NOTE);
    // Bob recoloured it just before: the colour is his now, so the step is skipped and the text one runs.
    first.flush(
      { statusCode: 409, error: 'Conflict', message: 'stale', current: note({ text: 'bye', color: 'green', version: 4 }) },
      { status: 409, statusText: 'Conflict' },
    );
    push('note.updated', { note: note({ text: 'bye', color: 'green', version: 4 }) });
    const second = await sent('PATCH', NOTE);
    expect(second.request.body).toMatchObject({ text: 'hello', version: 4 });
    second.flush(note({ color: 'green', version: 5 }));
    await undone;
    expect(shown()).toMatchObject({ text: 'hello', color: 'green' });
  });

  it('undoes a delete by restoring the note from the trash with its id, and redoes it by deleting again', async () => {
    await open();
    store.delete('n1');
    http.expectOne((request) => request.method === 'DELETE' && request.url === NOTE).flush(null);
    expect(shown()).toBeUndefined();

    const undone = undo.undo();
    (await sent('POST', '/api/boards/b1/trash/n1/restore')).flush(note({ version: 2 }));
    await undone;
    expect(shown()).toMatchObject({ id: 'n1', text: 'hello' });
    // The restore's own event, late, changes nothing.
    push('note.created', { note: note({ version: 2 }), restored: true }, 'u1');
    expect(store.notes()).toHaveLength(1);

    const redone = undo.redo();
    (await sent('DELETE', NOTE)).flush(null);
    await redone;
    expect(shown()).toBeUndefined();
  });

  it('undoes a create by deleting the note, and redoes it by restoring the same id', async () => {
    await open();
    const key = store.create({ x: 100, y: 100 }, 'green', 'new idea');
    const created = note({ id: 'n2', text: 'new idea', x: 100, y: 100, color: 'green' });
    http.expectOne('/api/boards/b1/notes').flush(created);

    const undone = undo.undo();
    (await sent('DELETE', '/api/boards/b1/notes/n2')).flush(null);
    await undone;
    expect(store.noteView(key)).toBeUndefined();

    const redone = undo.redo();
    (await sent('POST', '/api/boards/b1/trash/n2/restore')).flush({ ...created, version: 2 });
    await redone;
    expect(store.notes().map((view) => view.id)).toContain('n2');
  });

  it('undoes a drag back to where it started', async () => {
    await open();
    store.moveLocally('n1', 200, 250);
    store.moveLocally('n1', 300, 350);
    store.move('n1', 300, 350);
    http.expectOne(NOTE).flush(note({ x: 300, y: 350, version: 2 }));

    const undone = undo.undo();
    const request = await sent('PATCH', NOTE);
    expect(request.request.body).toMatchObject({ x: 10, y: 20, version: 2 });
    request.flush(note({ version: 3 }));
    await undone;
    expect(shown()).toMatchObject({ x: 10, y: 20 });
  });

  it('skips a step whose note someone else deleted', async () => {
    await open();
    await editTextThenColor();
    push('note.deleted', { boardId: 'b1', noteId: 'n1' });

    await undo.undo();
    await undo.undo();
    expect(toasts()).toContain('Bob deleted this note — undo skipped.');
    expect(undo.canUndo()).toBe(false);
  });

  it('keeps the step when the network is gone, and says an undo needs it', async () => {
    await open();
    await editTextThenColor();

    const undone = undo.undo();
    (await sent('PATCH', NOTE)).error(new ProgressEvent('error'), { status: 0 });
    await undone;
    expect(toasts().some((message) => message.startsWith('Undo needs a connection'))).toBe(true);
    expect(undo.canUndo()).toBe(true);
  });

  it('records nothing for what others do, and gives viewers no undo', async () => {
    await open([
      { ...alice, role: 'viewer' },
      { ...bob, role: 'owner' },
    ]);
    push('note.updated', { note: note({ color: 'blue', version: 2 }) });
    expect(undo.enabled()).toBe(false);
    expect(undo.canUndo()).toBe(false);
  });
});
