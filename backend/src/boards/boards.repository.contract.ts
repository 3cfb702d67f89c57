import { randomUUID } from 'node:crypto';
import type { Note } from '../../../contracts/boards';
import type { BoardNotesRepository, BoardRecord, BoardsRepository } from './boards.repository';

type BoardStore = BoardsRepository & BoardNotesRepository;

function aBoard(ownerId = randomUUID(), createdAt = new Date().toISOString()): BoardRecord {
  return { id: randomUUID(), title: 'Retro', ownerId, memberIds: [ownerId], roles: {}, createdAt };
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
    await expect(repo.addMember(foreign.id, user, 'editor')).resolves.toBe('added');
    expect((await repo.listBoardsOf(user)).map((board) => board.id)).toEqual([first.id, second.id, foreign.id]);
  });

  it('adds a member once, and refuses boards that do not exist', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    const member = randomUUID();
    await expect(repo.addMember(board.id, member, 'viewer')).resolves.toBe('added');
    await expect(repo.addMember(board.id, member, 'editor')).resolves.toBe('already');
    await expect(repo.isMember(board.id, member)).resolves.toBe(true);
    expect(await repo.findBoard(board.id)).toMatchObject({ memberIds: [board.ownerId, member], roles: { [member]: 'viewer' } });
    await expect(repo.addMember(randomUUID(), member, 'editor')).resolves.toBe('missing');
  });

  it('removes a member once, taking the board off their list, and refuses boards that do not exist', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    const member = randomUUID();
    await repo.addMember(board.id, member, 'viewer');
    await expect(repo.removeMember(board.id, member)).resolves.toBe('removed');
    await expect(repo.removeMember(board.id, member)).resolves.toBe('absent');
    await expect(repo.isMember(board.id, member)).resolves.toBe(false);
    await expect(repo.listBoardsOf(member)).resolves.toEqual([]);
    expect(await repo.findBoard(board.id)).toMatchObject({ memberIds: [board.ownerId], roles: {} });
    await expect(repo.removeMember(randomUUID(), member)).resolves.toBe('missing');
    // Invited again after leaving: a member again, with the new invitation's role.
    await expect(repo.addMember(board.id, member, 'editor')).resolves.toBe('added');
    expect((await repo.findBoard(board.id))?.roles).toEqual({ [member]: 'editor' });
    expect((await repo.listBoardsOf(member)).map((found) => found.id)).toEqual([board.id]);
  });

  it("changes a member's role, but never the owner's, and refuses non-members", async () => {
    const board = aBoard();
    await repo.createBoard(board);
    const member = randomUUID();
    await repo.addMember(board.id, member, 'editor');
    await expect(repo.setRole(board.id, member, 'viewer')).resolves.toBe('updated');
    expect((await repo.findBoard(board.id))?.roles).toEqual({ [member]: 'viewer' });
    await expect(repo.setRole(board.id, board.ownerId, 'viewer')).resolves.toBe('absent');
    await expect(repo.setRole(board.id, randomUUID(), 'viewer')).resolves.toBe('absent');
    await expect(repo.setRole(randomUUID(), member, 'viewer')).resolves.toBe('missing');
    expect(await repo.findBoard(board.id)).toMatchObject({ ownerId: board.ownerId, roles: { [member]: 'viewer' } });
  });

  it('hands ownership to a member, making the old owner an editor', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    const member = randomUUID();
    await repo.addMember(board.id, member, 'viewer');
    await expect(repo.transferOwnership(board.id, member)).resolves.toBe('transferred');
    expect(await repo.findBoard(board.id)).toMatchObject({
      ownerId: member,
      memberIds: [board.ownerId, member],
      roles: { [board.ownerId]: 'editor' },
    });
    await expect(repo.transferOwnership(board.id, member)).resolves.toBe('absent');
    await expect(repo.transferOwnership(board.id, randomUUID())).resolves.toBe('absent');
    await expect(repo.transferOwnership(randomUUID(), member)).resolves.toBe('missing');
  });

  it('deletes a board with its notes and membership', async () => {
    const board = aBoard();
    await repo.createBoard(board);
    await repo.createNote(aNote(board.id), 10);
    const member = randomUUID();
    await repo.addMember(board.id, member, 'viewer');
    await expect(repo.deleteBoard(board.id)).resolves.toMatchObject({ id: board.id, memberIds: [board.ownerId, member] });
    await expect(repo.findBoard(board.id)).resolves.toBeUndefined();
    await expect(repo.listNotes(board.id)).resolves.toEqual([]);
    await expect(repo.listBoardsOf(board.ownerId)).resolves.toEqual([]);
    await expect(repo.isMember(board.id, board.ownerId)).resolves.toBe(false);
    await expect(repo.createNote(aNote(board.id), 10)).resolves.toBe('missing');
    // Re-created under the same id (as a restore would), it starts without the old roles.
    await repo.createBoard(board);
    await expect(repo.findBoard(board.id)).resolves.toEqual(board);
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
    expect(result).toEqual({ status: 'updated', note: { ...note, x: 99.25, version: 2, updatedAt: '2026-02-02T00:00:00.000Z' } });
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
    expect(fresh).toEqual({ status: 'updated', note: expect.objectContaining({ text: 'second', version: 3 }) as unknown });
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
    await expect(repo.deleteNote(board.id, note.id)).resolves.toEqual(note);
    await expect(repo.deleteNote(board.id, note.id)).resolves.toBeUndefined();
    await expect(repo.listNotes(board.id)).resolves.toEqual([]);
  });
}
