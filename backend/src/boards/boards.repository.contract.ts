import { randomUUID } from 'node:crypto';
import type { Note } from '../../../contracts/boards';
import type { BoardNotesRepository, BoardRecord, BoardsRepository, NoteDeletion, TrashPolicy } from './boards.repository';

type BoardStore = BoardsRepository & BoardNotesRepository;

function aBoard(ownerId = randomUUID(), createdAt = new Date().toISOString()): BoardRecord {
  return { id: randomUUID(), title: 'Retro', ownerId, memberIds: [ownerId], createdAt };
}

function aNote(boardId: string, overrides: Partial<Note> = {}): Note {
  return {
    id: randomUUID(),
    boardId,
    text: 'hello',
    x: 10.5,
    y: 20,
    color: 'yellow',
    version: 1,
    createdBy: 'u1',
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

const DAY = 24 * 3600 * 1000;
const POLICY: TrashPolicy = { retentionMs: 30 * DAY, maxNotes: 50 };
const T0 = Date.parse('2026-03-01T00:00:00.000Z');

function deletion(at: number, deletedBy = 'u2'): NoteDeletion {
  return { deletedBy, deletedAt: new Date(at).toISOString() };
}

/** Behaviour both boards repository adapters (boards, members and their notes) must have. */
export function boardsRepositoryContract(make: () => Promise<BoardStore> | BoardStore): void {
  let repo: BoardStore;

  beforeEach(async () => {
    repo = await make();
  });

  it('stores a board and finds it with its owner as first member', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    await expect(repo.findBoard(board.id)).resolves.toEqual(board);
    await expect(repo.isMember(board.id, board.ownerId)).resolves.toBe(true);
    await expect(repo.findBoard(randomUUID())).resolves.toBeUndefined();
  });

  it("lists a user's boards oldest first, including boards they were invited to", async () => {
    const user = randomUUID();
    const first = aBoard(user, '2026-01-01T00:00:00.000Z');
    const second = aBoard(user, '2026-01-02T00:00:00.000Z');
    const foreign = aBoard(randomUUID(), '2026-01-03T00:00:00.000Z');
    await repo.createBoard(second);
    await repo.createBoard(first);
    await repo.createBoard(foreign);
    expect((await repo.listBoardsOf(user)).map((board) => board.id)).toEqual([first.id, second.id]);
    await expect(repo.addMember(foreign.id, user)).resolves.toBe('added');
    expect((await repo.listBoardsOf(user)).map((board) => board.id)).toEqual([first.id, second.id, foreign.id]);
  });

  it('adds a member once, and refuses boards that do not exist', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    const member = randomUUID();
    await expect(repo.addMember(board.id, member)).resolves.toBe('added');
    await expect(repo.addMember(board.id, member)).resolves.toBe('already');
    await expect(repo.isMember(board.id, member)).resolves.toBe(true);
    expect((await repo.findBoard(board.id))?.memberIds).toEqual([board.ownerId, member]);
    await expect(repo.addMember(randomUUID(), member)).resolves.toBe('missing');
  });

  it('removes a member once, taking the board off their list, and refuses boards that do not exist', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    const member = randomUUID();
    await repo.addMember(board.id, member);
    await expect(repo.removeMember(board.id, member)).resolves.toBe('removed');
    await expect(repo.removeMember(board.id, member)).resolves.toBe('absent');
    await expect(repo.isMember(board.id, member)).resolves.toBe(false);
    await expect(repo.listBoardsOf(member)).resolves.toEqual([]);
    expect((await repo.findBoard(board.id))?.memberIds).toEqual([board.ownerId]);
    await expect(repo.removeMember(randomUUID(), member)).resolves.toBe('missing');
    // Invited again after leaving: a member again.
    await expect(repo.addMember(board.id, member)).resolves.toBe('added');
    expect((await repo.listBoardsOf(member)).map((found) => found.id)).toEqual([board.id]);
  });

  it('deletes a board with its notes and membership', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    await repo.createNote(aNote(board.id), 10);
    await expect(repo.deleteBoard(board.id)).resolves.toEqual(board);
    await expect(repo.findBoard(board.id)).resolves.toBeUndefined();
    await expect(repo.listNotes(board.id)).resolves.toEqual([]);
    await expect(repo.listBoardsOf(board.ownerId)).resolves.toEqual([]);
    await expect(repo.isMember(board.id, board.ownerId)).resolves.toBe(false);
    await expect(repo.createNote(aNote(board.id), 10)).resolves.toBe('missing');
  });

  it('creates notes up to the cap and no further, even when racing', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    const results = await Promise.all(Array.from({ length: 8 }, () => repo.createNote(aNote(board.id), 5)));
    expect(results.filter((result) => result === 'created')).toHaveLength(5);
    expect(results.filter((result) => result === 'full')).toHaveLength(3);
    await expect(repo.listNotes(board.id)).resolves.toHaveLength(5);
    await expect(repo.countNotes(board.id)).resolves.toBe(5);
    await expect(repo.countNotes(aBoard().id)).resolves.toBe(0);
  });

  it('leaves a note whose id is taken as it is', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    const note = aNote(board.id, { text: 'first' });
    await expect(repo.createNote(note, 10)).resolves.toBe('created');
    await expect(repo.createNote({ ...note, text: 'again' }, 10)).resolves.toBe('exists');
    await expect(repo.listNotes(board.id)).resolves.toEqual([note]);
  });

  it('updates a note, bumping its version, and keeps untouched fields', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    const note = aNote(board.id, { text: 'ünïcode ✓ "quoted"' });
    await repo.createNote(note, 10);
    const result = await repo.updateNote(board.id, note.id, { x: 99.25, text: undefined }, undefined, '2026-02-02T00:00:00.000Z');
    expect(result).toEqual({
      status: 'updated',
      note: { ...note, x: 99.25, version: 2, updatedAt: '2026-02-02T00:00:00.000Z' },
      changed: ['x'],
    });
    await expect(repo.listNotes(board.id)).resolves.toEqual([{ ...note, x: 99.25, version: 2, updatedAt: '2026-02-02T00:00:00.000Z' }]);
  });

  it('refuses a stale version with the current note, and accepts the current one', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    const note = aNote(board.id);
    await repo.createNote(note, 10);
    await repo.updateNote(board.id, note.id, { text: 'first' }, 1, note.updatedAt);
    const stale = await repo.updateNote(board.id, note.id, { text: 'second' }, 1, note.updatedAt);
    expect(stale).toEqual({ status: 'conflict', note: expect.objectContaining({ text: 'first', version: 2 }) as unknown });
    const fresh = await repo.updateNote(board.id, note.id, { text: 'second' }, 2, note.updatedAt);
    expect(fresh).toEqual({
      status: 'updated',
      note: expect.objectContaining({ text: 'second', version: 3 }) as unknown,
      changed: ['text'],
    });
  });

  it('lets exactly one of two writers with the same version win', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    const note = aNote(board.id);
    await repo.createNote(note, 10);
    const results = await Promise.all([
      repo.updateNote(board.id, note.id, { text: 'A' }, 1, note.updatedAt),
      repo.updateNote(board.id, note.id, { text: 'B' }, 1, note.updatedAt),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['conflict', 'updated']);
  });

  it('answers missing for unknown notes and deletes notes once', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    const note = aNote(board.id);
    await repo.createNote(note, 10);
    await expect(repo.updateNote(board.id, randomUUID(), { x: 1 }, undefined, note.updatedAt)).resolves.toEqual({ status: 'missing' });
    await expect(repo.deleteNote(board.id, note.id, deletion(T0), POLICY)).resolves.toEqual(note);
    await expect(repo.deleteNote(board.id, note.id, deletion(T0), POLICY)).resolves.toBeUndefined();
    await expect(repo.listNotes(board.id)).resolves.toEqual([]);
  });

  it('tells which fields a write changed', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    const note = aNote(board.id, { text: 'same', x: 1, y: 2, color: 'blue' });
    await repo.createNote(note, 10);
    const result = await repo.updateNote(board.id, note.id, { text: 'same', x: 5, y: 2, color: 'pink' }, undefined, note.updatedAt);
    expect(result).toEqual(expect.objectContaining({ status: 'updated', changed: ['x', 'color'] }));
    const unchanged = await repo.updateNote(board.id, note.id, { y: 2 }, undefined, note.updatedAt);
    expect(unchanged).toEqual(expect.objectContaining({ status: 'updated', changed: [] }));
  });

  it('moves a deleted note to the trash, newest first, and restores it with its id and version + 1', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    const first = aNote(board.id, { text: 'first ✓ "quoted"', x: 12.75 });
    const second = aNote(board.id, { text: 'second' });
    await repo.createNote(first, 10);
    await repo.createNote(second, 10);
    await repo.deleteNote(board.id, first.id, deletion(T0, 'alice'), POLICY);
    await repo.deleteNote(board.id, second.id, deletion(T0 + 1000, 'bob'), POLICY);
    const trash = await repo.listTrash(board.id, T0 + 2000, POLICY);
    expect(trash).toEqual([
      {
        note: second,
        deletedBy: 'bob',
        deletedAt: new Date(T0 + 1000).toISOString(),
        expiresAt: new Date(T0 + 1000 + 30 * DAY).toISOString(),
      },
      { note: first, deletedBy: 'alice', deletedAt: new Date(T0).toISOString(), expiresAt: new Date(T0 + 30 * DAY).toISOString() },
    ]);
    const restoredAt = new Date(T0 + 3000).toISOString();
    const restored = await repo.restoreNote(board.id, first.id, 10, restoredAt, T0 + 3000, POLICY);
    expect(restored).toEqual({ status: 'restored', note: { ...first, version: 2, updatedAt: restoredAt } });
    await expect(repo.listNotes(board.id)).resolves.toEqual([{ ...first, version: 2, updatedAt: restoredAt }]);
    expect((await repo.listTrash(board.id, T0 + 3000, POLICY)).map((item) => item.note.id)).toEqual([second.id]);
    await expect(repo.restoreNote(board.id, first.id, 10, restoredAt, T0 + 3000, POLICY)).resolves.toEqual({ status: 'absent' });
  });

  it('refuses to restore over a live note, beyond the cap, on a board that is gone, or after the retention', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    const note = aNote(board.id);
    await repo.createNote(note, 10);
    await repo.deleteNote(board.id, note.id, deletion(T0), POLICY);
    const at = new Date(T0).toISOString();
    await repo.createNote(note, 10);
    await expect(repo.restoreNote(board.id, note.id, 10, at, T0, POLICY)).resolves.toEqual({ status: 'exists' });
    await expect(repo.restoreNote(board.id, note.id, 1, at, T0, POLICY)).resolves.toEqual({ status: 'exists' });
    await repo.createNote(aNote(board.id), 10);
    const other = aNote(board.id);
    await repo.createNote(other, 10);
    await repo.deleteNote(board.id, other.id, deletion(T0), POLICY);
    await expect(repo.restoreNote(board.id, other.id, 2, at, T0, POLICY)).resolves.toEqual({ status: 'full' });
    await expect(repo.restoreNote(board.id, other.id, 10, at, T0 + 30 * DAY, POLICY)).resolves.toEqual({ status: 'absent' });
    await expect(repo.listTrash(board.id, T0 + 30 * DAY, POLICY)).resolves.toEqual([]);
    await expect(repo.restoreNote(randomUUID(), other.id, 10, at, T0, POLICY)).resolves.toEqual({ status: 'missing' });
  });

  it("keeps at most the policy's number of trashed notes, dropping the oldest and the expired", async () => {
    const board = aBoard();
    await repo.createBoard(board);
    const policy: TrashPolicy = { retentionMs: 10 * DAY, maxNotes: 3 };
    const notes = Array.from({ length: 5 }, (_, index) => aNote(board.id, { text: `n${index}` }));
    for (const [index, note] of notes.entries()) {
      await repo.createNote(note, 10);
      await repo.deleteNote(board.id, note.id, deletion(T0 + index * 1000), policy);
    }
    expect((await repo.listTrash(board.id, T0 + 5000, policy)).map((item) => item.note.text)).toEqual(['n4', 'n3', 'n2']);
    // A deletion 10 days after the first ones purges them as it goes.
    const late = aNote(board.id, { text: 'late' });
    await repo.createNote(late, 10);
    await repo.deleteNote(board.id, late.id, deletion(T0 + 10 * DAY + 2500), policy);
    expect((await repo.listTrash(board.id, T0, { ...policy, retentionMs: 100 * DAY })).map((item) => item.note.text)).toEqual([
      'late',
      'n4',
      'n3',
    ]);
  });

  it('empties the trash, and drops it with the board', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    for (const note of [aNote(board.id), aNote(board.id)]) {
      await repo.createNote(note, 10);
      await repo.deleteNote(board.id, note.id, deletion(T0), POLICY);
    }
    await expect(repo.emptyTrash(board.id)).resolves.toBe(2);
    await expect(repo.listTrash(board.id, T0, POLICY)).resolves.toEqual([]);
    await expect(repo.emptyTrash(board.id)).resolves.toBe(0);
    const note = aNote(board.id);
    await repo.createNote(note, 10);
    await repo.deleteNote(board.id, note.id, deletion(T0), POLICY);
    await repo.deleteBoard(board.id);
    await expect(repo.listTrash(board.id, T0, POLICY)).resolves.toEqual([]);
  });
}
