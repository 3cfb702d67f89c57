import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Board, BoardSnapshot, Note, UpdateNoteRequest } from '@contracts/boards';
import type { AnyEventEnvelope, EventMap, EventType } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { Toasts } from '../core/toasts';
import { RealtimeClient } from '../realtime/realtime-client';
import { BoardStore } from './board-store';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice', role: 'owner' as const };
const bob = { id: 'u2', username: 'bob', displayName: 'Bob', role: 'editor' as const };
const board: Board = { id: 'b1', title: 'Retro', ownerId: 'u1', members: [alice, bob], createdAt: '2026-01-01T00:00:00Z' };
const NOTES = '/api/boards/b1/notes';

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

describe('BoardStore', () => {
  let store: BoardStore;
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;
  let realtime: { channel: ReturnType<typeof vi.fn>; resume: ReturnType<typeof vi.fn>; refused$: Subject<number> };

  function push<T extends EventType>(type: T, data: EventMap[T], userId = 'u2'): void {
    events.next({ id: '1-0', channel: 'board:b1', type, timestamp: '', userId, data } as AnyEventEnvelope);
  }

  function shown(id: string) {
    return store.notes().find((view) => view.id === id);
  }

  async function open(notes: Note[] = [], cursor = 'board:b1@e1:5-0'): Promise<void> {
    const opened = store.open('b1');
    http.expectOne('/api/boards/b1').flush({ board, notes, cursor } satisfies BoardSnapshot);
    await opened;
  }

  function expectWrite(method: string, url: string): TestRequest {
    return http.expectOne((request) => request.method === method && request.urlWithParams.startsWith(url));
  }

  const conflict = (current: Note) => ({ statusCode: 409, error: 'Conflict', message: 'Someone else changed this note first', current });

  beforeEach(async () => {
    events = new Subject();
    realtime = { channel: vi.fn(() => events.asObservable()), resume: vi.fn(), refused$: new Subject() };
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
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
    store = TestBed.inject(BoardStore);
  });

  afterEach(() => http.verify());

  it('loads the snapshot and follows the board channel from the snapshot’s cursor', async () => {
    await open([note('n1')]);

    expect(store.status()).toBe('ready');
    expect(store.board()?.title).toBe('Retro');
    expect(store.notes().map((view) => view.text)).toEqual(['text of n1']);
    expect(realtime.channel).toHaveBeenCalledWith('board:b1', 'board:b1@e1:5-0');
  });

  it('says why a board cannot be opened', async () => {
    const opened = store.open('b1');
    http
      .expectOne('/api/boards/b1')
      .flush({ statusCode: 403, error: 'Forbidden', message: 'no' }, { status: 403, statusText: 'Forbidden' });
    await opened;

    expect(store.status()).toBe('error');
    expect(store.loadError()).toMatch(/not a member/);
  });

  describe('applying events by version', () => {
    beforeEach(() => open([note('n1', { version: 3, text: 'v3' })]));

    it('applies newer versions and ignores older or equal ones', () => {
      push('note.updated', { note: note('n1', { version: 2, text: 'v2' }) });
      push('note.updated', { note: note('n1', { version: 3, text: 'v3 again' }) });
      expect(shown('n1')?.text).toBe('v3');

      push('note.updated', { note: note('n1', { version: 4, text: 'v4' }) });
      expect(shown('n1')?.text).toBe('v4');
    });

    it('adds notes others create, ignores a replayed create, and treats deleting an unknown note as a no-op', () => {
      push('note.created', { note: note('n2') });
      push('note.created', { note: note('n2') });
      push('note.deleted', { boardId: 'b1', noteId: 'nope' });
      expect(store.notes().map((view) => view.id)).toEqual(['n1', 'n2']);
    });

    it('never brings a deleted note back, whatever arrives late', () => {
      push('note.deleted', { boardId: 'b1', noteId: 'n1' });
      push('note.updated', { note: note('n1', { version: 9 }) });
      push('note.created', { note: note('n1', { version: 1 }) });
      expect(store.notes()).toEqual([]);
    });

    it('adds members and closes the board when it is deleted', () => {
      push('board.member_added', { boardId: 'b1', member: { id: 'u3', username: 'carol', displayName: 'Carol' }, role: 'editor' });
      expect(store.memberNames().get('u3')).toBe('Carol');

      push('board.deleted', { boardId: 'b1' });
      expect(store.status()).toBe('gone');
      expect(store.gone()).toMatch(/deleted by its owner/);
    });
  });

  describe('optimistic create', () => {
    beforeEach(() => open());

    it('shows the note at once as pending; the echo with our clientId confirms it, the answer adds nothing', () => {
      const key = store.create({ x: 100, y: 50 });
      expect(store.notes()).toEqual([expect.objectContaining({ key, id: null, pending: true, x: 100, y: 50, text: '' })]);
      const request = expectWrite('POST', NOTES);
      const clientId = (request.request.body as { clientId: string }).clientId;
      expect(clientId).toBeTruthy();

      const created = note('n9', { x: 100, y: 50, text: '', createdBy: 'u1' });
      push('note.created', { note: created, clientId }, 'u1');
      expect(store.notes()).toEqual([expect.objectContaining({ key, id: 'n9', pending: false })]);

      request.flush(created);
      expect(store.notes()).toHaveLength(1);
      expect(store.notes()[0]).toEqual(expect.objectContaining({ key, id: 'n9', pending: false }));
    });

    it('is confirmed by the answer when it comes before the echo', () => {
      store.create({ x: 0, y: 0 });
      const request = expectWrite('POST', NOTES);
      const clientId = (request.request.body as { clientId: string }).clientId;
      request.flush(note('n9'));
      push('note.created', { note: note('n9'), clientId }, 'u1');

      expect(store.notes().map((view) => [view.id, view.pending])).toEqual([['n9', false]]);
    });

    it('sends what was changed before the server named the note, once it has', () => {
      const key = store.create({ x: 0, y: 0 });
      store.editText(key, 'typed fast', { version: 0, text: '' });
      store.setColor(key, 'pink');
      expect(store.notes()[0]).toEqual(expect.objectContaining({ text: 'typed fast', color: 'pink', pending: true }));

      expectWrite('POST', NOTES).flush(note('n9', { text: '', color: 'yellow' }));
      const patches = http.match((request) => request.method === 'PATCH' && request.url === `${NOTES}/n9`);
      expect(patches).toHaveLength(2);
      const [color, text] = (patches[0].request.body as { text?: string }).text === undefined ? patches : [...patches].reverse();
      expect(color.request.body).toEqual(expect.objectContaining({ color: 'pink' }));
      expect(text.request.body).toEqual(expect.objectContaining({ text: 'typed fast', version: 1 }));
      color.flush(note('n9', { color: 'pink', version: 2 }));
      text.flush(note('n9', { color: 'pink', text: 'typed fast', version: 3 }));

      expect(store.notes()[0]).toEqual(expect.objectContaining({ text: 'typed fast', color: 'pink', pending: false, version: 3 }));
    });

    it('rolls back with a message when the board is gone, then finds out the board is gone', async () => {
      const errors = vi.spyOn(TestBed.inject(Toasts), 'error');
      store.create({ x: 0, y: 0 });
      expectWrite('POST', NOTES).flush(
        { statusCode: 404, error: 'Not Found', message: 'Board not found', code: 'board_not_found' },
        { status: 404, statusText: 'Not Found' },
      );

      expect(store.notes()).toEqual([]);
      expect(errors).toHaveBeenCalledWith('Your note could not be added: This board does not exist, or it was deleted.');

      http
        .expectOne('/api/boards/b1')
        .flush({ statusCode: 404, error: 'Not Found', message: 'Board not found' }, { status: 404, statusText: 'Not Found' });
      await vi.waitFor(() => expect(store.status()).toBe('gone'));
      expect(store.gone()).toMatch(/no longer exists/);
    });
  });

  describe('optimistic updates and deletes', () => {
    beforeEach(() => open([note('n1', { x: 10, y: 20, version: 1 })]));

    it('shows a move at once, keeps it over other events until its own answer, then shows the server’s', () => {
      store.move('n1', 300, 200);
      expect(shown('n1')).toEqual(expect.objectContaining({ x: 300, y: 200, pending: true }));
      const request = expectWrite('PATCH', `${NOTES}/n1`);
      expect(request.request.body).toEqual(expect.objectContaining({ x: 300, y: 200 }));
      expect((request.request.body as UpdateNoteRequest).version).toBeUndefined();

      push('note.updated', { note: note('n1', { x: 10, y: 20, color: 'blue', version: 2 }) });
      expect(shown('n1')).toEqual(expect.objectContaining({ x: 300, y: 200, color: 'blue', pending: true }));

      request.flush(note('n1', { x: 300, y: 200, color: 'blue', version: 3 }));
      expect(shown('n1')).toEqual(expect.objectContaining({ x: 300, y: 200, color: 'blue', pending: false, version: 3 }));
    });

    it('is confirmed by its echo, matched by clientId', () => {
      store.setColor('n1', 'green');
      const request = expectWrite('PATCH', `${NOTES}/n1`);
      const clientId = (request.request.body as UpdateNoteRequest).clientId!;
      push('note.updated', { note: note('n1', { color: 'green', version: 2 }), clientId }, 'u1');
      expect(shown('n1')).toEqual(expect.objectContaining({ color: 'green', pending: false }));
      request.flush(note('n1', { color: 'green', version: 2 }));
      expect(shown('n1')?.version).toBe(2);
    });

    it('rolls a refused change back to what the server has, with a message', () => {
      const errors = vi.spyOn(TestBed.inject(Toasts), 'error');
      store.move('n1', 300, 200);
      expectWrite('PATCH', `${NOTES}/n1`).flush(
        { statusCode: 429, error: 'Too Many Requests', message: 'Slow down' },
        { status: 429, statusText: 'Too Many Requests' },
      );

      expect(shown('n1')).toEqual(expect.objectContaining({ x: 10, y: 20, pending: false }));
      expect(errors).toHaveBeenCalledWith('Your change could not be saved: Too many requests. Wait a moment, then try again.');
    });

    it('hides a deleted note at once and brings it back if the delete fails', () => {
      const errors = vi.spyOn(TestBed.inject(Toasts), 'error');
      store.delete('n1');
      expect(store.notes()).toEqual([]);
      const request = expectWrite('DELETE', `${NOTES}/n1`);
      expect(request.request.params.get('clientId')).toBeTruthy();
      request.flush(
        { statusCode: 503, error: 'Service Unavailable', message: 'Try again' },
        { status: 503, statusText: 'Service Unavailable' },
      );

      expect(shown('n1')).toEqual(expect.objectContaining({ pending: false }));
      expect(errors).toHaveBeenCalledWith('The note could not be deleted: The server is busy right now. Try again in a moment.');
    });

    it('confirms a delete by its echo', () => {
      store.delete('n1');
      const request = expectWrite('DELETE', `${NOTES}/n1`);
      push('note.deleted', { boardId: 'b1', noteId: 'n1', clientId: request.request.params.get('clientId')! }, 'u1');
      request.flush(null, { status: 204, statusText: 'No Content' });
      expect(store.notes()).toEqual([]);
    });
  });

  describe('text conflicts', () => {
    beforeEach(() => open([note('n1', { text: 'original', version: 1 })]));

    it('keeps the user’s text after a 409 and offers both; "Keep mine" re-sends on the current version', () => {
      store.editText('n1', 'mine', { version: 1, text: 'original' });
      expect(shown('n1')).toEqual(expect.objectContaining({ text: 'mine', pending: true }));
      const first = expectWrite('PATCH', `${NOTES}/n1`);
      expect(first.request.body).toEqual(expect.objectContaining({ text: 'mine', version: 1 }));
      first.flush(conflict(note('n1', { text: 'theirs', version: 2 })), { status: 409, statusText: 'Conflict' });

      expect(store.conflict()).toEqual({ key: 'n1', mine: 'mine', theirs: 'theirs' });
      expect(shown('n1')).toEqual(expect.objectContaining({ text: 'mine', conflict: true }));

      store.resolveConflict('n1', 'mine');
      const retry = expectWrite('PATCH', `${NOTES}/n1`);
      expect(retry.request.body).toEqual(expect.objectContaining({ text: 'mine', version: 2 }));
      retry.flush(note('n1', { text: 'mine', version: 3 }));

      expect(store.conflict()).toBeNull();
      expect(shown('n1')).toEqual(expect.objectContaining({ text: 'mine', pending: false, conflict: false, version: 3 }));
    });

    it('"Use theirs" shows the server’s text and sends nothing', () => {
      store.editText('n1', 'mine', { version: 1, text: 'original' });
      expectWrite('PATCH', `${NOTES}/n1`).flush(conflict(note('n1', { text: 'theirs', version: 2 })), {
        status: 409,
        statusText: 'Conflict',
      });

      store.resolveConflict('n1', 'theirs');
      expect(store.conflict()).toBeNull();
      expect(shown('n1')?.text).toBe('theirs');
    });

    it('shows the newest server text in the prompt while it is open', () => {
      store.editText('n1', 'mine', { version: 1, text: 'original' });
      expectWrite('PATCH', `${NOTES}/n1`).flush(conflict(note('n1', { text: 'theirs', version: 2 })), {
        status: 409,
        statusText: 'Conflict',
      });
      push('note.updated', { note: note('n1', { text: 'theirs, later', version: 3 }) });
      expect(store.conflict()?.theirs).toBe('theirs, later');
    });

    it('re-sends without asking when only the position changed meanwhile', () => {
      store.editText('n1', 'mine', { version: 1, text: 'original' });
      expectWrite('PATCH', `${NOTES}/n1`).flush(conflict(note('n1', { text: 'original', x: 500, version: 2 })), {
        status: 409,
        statusText: 'Conflict',
      });

      expect(store.conflict()).toBeNull();
      const retry = expectWrite('PATCH', `${NOTES}/n1`);
      expect(retry.request.body).toEqual(expect.objectContaining({ text: 'mine', version: 2 }));
      retry.flush(note('n1', { text: 'mine', x: 500, version: 3 }));
      expect(shown('n1')).toEqual(expect.objectContaining({ text: 'mine', x: 500, pending: false }));
    });

    it('sends the version the edit started from when the text changed under the editor', () => {
      push('note.updated', { note: note('n1', { text: 'theirs', version: 2 }) });
      store.editText('n1', 'mine', { version: 1, text: 'original' });
      expect(expectWrite('PATCH', `${NOTES}/n1`).request.body).toEqual(expect.objectContaining({ version: 1 }));
    });

    it('sends the current version when only the position changed under the editor', () => {
      push('note.updated', { note: note('n1', { text: 'original', x: 99, version: 2 }) });
      store.editText('n1', 'mine', { version: 1, text: 'original' });
      expect(expectWrite('PATCH', `${NOTES}/n1`).request.body).toEqual(expect.objectContaining({ version: 2 }));
    });
  });

  describe('resyncing', () => {
    beforeEach(() => open([note('n1'), note('n2')]));

    it('refetches the snapshot on a reset and resumes the stream from its cursor, keeping local changes', async () => {
      store.move('n1', 400, 400);
      const move = expectWrite('PATCH', `${NOTES}/n1`);
      push('reset', { channels: ['board:b1'] });

      http.expectOne('/api/boards/b1').flush({
        board,
        notes: [note('n1', { version: 4, text: 'newer' }), note('n3')],
        cursor: 'board:b1@e2:1-0',
      } satisfies BoardSnapshot);
      await vi.waitFor(() => expect(realtime.resume).toHaveBeenCalledWith('board:b1', 'board:b1@e2:1-0'));

      expect(store.notes().map((view) => view.id)).toEqual(['n1', 'n3']);
      expect(shown('n1')).toEqual(expect.objectContaining({ text: 'newer', x: 400, y: 400, pending: true }));
      move.flush(note('n1', { version: 5, text: 'newer', x: 400, y: 400 }));
    });

    it('checks the board when the stream is refused', async () => {
      realtime.refused$.next(403);
      http
        .expectOne('/api/boards/b1')
        .flush({ statusCode: 403, error: 'Forbidden', message: 'no' }, { status: 403, statusText: 'Forbidden' });
      await vi.waitFor(() => expect(store.status()).toBe('gone'));
      expect(store.gone()).toMatch(/no longer have access/);
    });
  });

  describe('membership', () => {
    beforeEach(() => open([note('n1')]));

    it('shrinks the member list when someone else leaves or is removed', () => {
      push('board.member_removed', { boardId: 'b1', userId: 'u2', reason: 'left' });
      expect(store.board()?.members).toEqual([alice]);
      expect(store.status()).toBe('ready');
    });

    it('closes the board saying why when the user is removed', () => {
      push('board.member_removed', { boardId: 'b1', userId: 'u1', reason: 'removed' });
      expect(store.status()).toBe('gone');
      expect(store.gone()).toBe('You were removed from “Retro”.');
    });

    it('closes the board when the stream revokes its channel, once, whatever follows', () => {
      push('channel.revoked', { channel: 'board:b1', reason: 'left' }, 'u1');
      push('board.member_removed', { boardId: 'b1', userId: 'u1', reason: 'removed' });
      expect(store.status()).toBe('gone');
      expect(store.gone()).toBe('You left “Retro”.');
    });

    it('tells the owner who deleted the board in another tab that they did', () => {
      push('channel.revoked', { channel: 'board:b1', reason: 'board_deleted' }, 'u1');
      expect(store.gone()).toBe('You deleted this board.');
    });

    it('leaves the board, which closes it', async () => {
      const left = store.leave();
      const request = http.expectOne({ method: 'DELETE', url: '/api/boards/b1/members/me' });
      void store.leave();
      request.flush(null, { status: 204, statusText: 'No Content' });
      await left;

      expect(store.status()).toBe('gone');
      expect(store.gone()).toBe('You left “Retro”.');
    });

    it('stays on the board with the server’s reason when leaving is refused', async () => {
      const left = store.leave();
      http
        .expectOne({ method: 'DELETE', url: '/api/boards/b1/members/me' })
        .flush(
          { statusCode: 409, error: 'Conflict', message: 'The owner cannot leave; delete the board instead', code: 'owner_cannot_leave' },
          { status: 409, statusText: 'Conflict' },
        );
      await left;

      expect(store.status()).toBe('ready');
      expect(
        TestBed.inject(Toasts)
          .toasts()
          .map((toast) => toast.message),
      ).toEqual(['You could not leave this board: The owner cannot leave their own board. Hand it over to someone else or delete it.']);
    });

    it('removes a member: gone from the list once the server agrees', async () => {
      const removed = store.removeMember('u2');
      const request = http.expectOne({ method: 'DELETE', url: '/api/boards/b1/members/u2' });
      expect(store.board()?.members).toEqual([alice, bob]);
      request.flush(null, { status: 204, statusText: 'No Content' });
      await removed;

      expect(store.board()?.members).toEqual([alice]);
      expect(store.status()).toBe('ready');
    });

    it('keeps the member and says why when removing fails', async () => {
      const removed = store.removeMember('u2');
      http
        .expectOne({ method: 'DELETE', url: '/api/boards/b1/members/u2' })
        .flush(
          { statusCode: 403, error: 'Forbidden', message: 'Only the owner can remove members', code: 'owner_only' },
          { status: 403, statusText: 'Forbidden' },
        );
      await removed;

      expect(store.board()?.members).toEqual([alice, bob]);
      expect(
        TestBed.inject(Toasts)
          .toasts()
          .map((toast) => toast.message),
      ).toEqual(['Bob could not be removed: Only the board’s owner can do that.']);
    });
  });

  describe('as a viewer', () => {
    const viewing: Board = {
      ...board,
      ownerId: 'u2',
      members: [
        { ...alice, role: 'viewer' },
        { ...bob, role: 'owner' },
      ],
    };

    beforeEach(async () => {
      const opened = store.open('b1');
      http.expectOne('/api/boards/b1').flush({ board: viewing, notes: [note('n1')], cursor: 'board:b1@e1:5-0' } satisfies BoardSnapshot);
      await opened;
    });

    const toasts = () =>
      TestBed.inject(Toasts)
        .toasts()
        .map((toast) => toast.message);

    it('sends no note write, whichever way one is asked for', () => {
      expect(store.myRole()).toBe('viewer');
      expect(store.canEdit()).toBe(false);
      const key = store.notes()[0].key;

      expect(store.create({ x: 0, y: 0 })).toBe('');
      store.moveLocally(key, 50, 50);
      store.move(key, 50, 50);
      store.setColor(key, 'pink');
      store.editText(key, 'changed', { version: 1, text: 'text of n1' });
      store.delete(key);

      // afterEach's verify: not one request went out.
      expect(store.notes()).toHaveLength(1);
      expect(shown('n1')).toMatchObject({ x: 10, y: 20, color: 'yellow', text: 'text of n1' });
    });

    it('becomes editable when promoted, and read-only again when demoted, closing an open editor', () => {
      push('board.role_changed', { boardId: 'b1', userId: 'u1', role: 'editor', ownerId: 'u2' });
      expect(store.canEdit()).toBe(true);
      const key = store.notes()[0].key;
      store.editingKey.set(key);
      store.moveLocally(key, 300, 300);
      expect(shown('n1')).toMatchObject({ x: 300, y: 300 });

      push('board.role_changed', { boardId: 'b1', userId: 'u1', role: 'viewer', ownerId: 'u2' });
      expect(store.canEdit()).toBe(false);
      expect(store.editingKey()).toBeNull();
      // The drag under way could not be saved: the note is back where the server has it.
      expect(shown('n1')).toMatchObject({ x: 10, y: 20 });
      expect(toasts()).toEqual(['You can now edit this board.', 'You can now only view this board.']);

      // Replayed after a reconnect: nothing changes, nothing is said twice.
      push('board.role_changed', { boardId: 'b1', userId: 'u1', role: 'viewer', ownerId: 'u2' });
      expect(toasts()).toHaveLength(2);
    });

    it('follows an ownership transfer, and another member’s role change says nothing to me', () => {
      push('board.role_changed', { boardId: 'b1', userId: 'u1', role: 'owner', ownerId: 'u1' });
      push('board.role_changed', { boardId: 'b1', userId: 'u2', role: 'editor', ownerId: 'u1' });

      expect(store.isOwner()).toBe(true);
      expect(store.myRole()).toBe('owner');
      expect(store.board()?.members.map((member) => member.role)).toEqual(['owner', 'editor']);
      expect(toasts()).toEqual(['You now own this board.']);
    });
  });
});
