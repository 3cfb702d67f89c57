import { randomUUID } from 'node:crypto';
import type { ActivityEntry } from '../../../contracts/boards';
import type { ActivityRepository } from './activity.repository';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');

/** An entry as activityFromEvent builds it from an event published `ms` after T0. */
function anEntry(boardId: string, ms: number, overrides: Partial<ActivityEntry> = {}, seq = 0): ActivityEntry {
  return {
    id: `${T0 + ms}-${seq}`,
    boardId,
    kind: 'note.created',
    actorId: 'alice',
    at: new Date(T0 + ms).toISOString(),
    noteId: 'n1',
    noteText: 'Ship it',
    ...overrides,
  };
}

/** Behaviour both activity repository adapters must have. */
export function activityRepositoryContract(make: () => Promise<ActivityRepository> | ActivityRepository): void {
  let repo: ActivityRepository;
  let boardId: string;

  beforeEach(async () => {
    repo = await make();
    boardId = randomUUID();
  });

  it('pages a board feed newest first, with where the next page starts', async () => {
    const entries = Array.from({ length: 5 }, (_, index) => anEntry(boardId, index * 10, { noteId: `n${index}` }));
    for (const entry of entries) {
      await repo.add(entry, 100);
    }
    await repo.add(anEntry(randomUUID(), 5), 100);
    const first = await repo.page(boardId, undefined, 2);
    expect(first).toEqual({ entries: [entries[4], entries[3]], nextBefore: entries[3].id });
    const second = await repo.page(boardId, first.nextBefore, 2);
    expect(second).toEqual({ entries: [entries[2], entries[1]], nextBefore: entries[1].id });
    await expect(repo.page(boardId, second.nextBefore, 2)).resolves.toEqual({ entries: [entries[0]] });
    await expect(repo.page(boardId, undefined, 5)).resolves.toEqual({ entries: [...entries].reverse() });
    await expect(repo.page(randomUUID(), undefined, 5)).resolves.toEqual({ entries: [] });
  });

  it('orders entries of one millisecond by their sequence, and keeps the system as actor', async () => {
    const a = anEntry(boardId, 0, { actorId: null, kind: 'trash.emptied', noteId: undefined, noteText: undefined }, 2);
    const b = anEntry(boardId, 0, {}, 10);
    await repo.add(b, 100);
    await repo.add(a, 100);
    const page = await repo.page(boardId, undefined, 10);
    expect(page.entries).toEqual([b, { id: a.id, boardId, kind: 'trash.emptied', actorId: null, at: a.at }]);
  });

  it('coalesces one user moving one note within the window into the newest entry', async () => {
    await repo.add(anEntry(boardId, 0), 100);
    const moves = [1000, 2000, 30_000, 80_000].map((ms) => anEntry(boardId, ms, { kind: 'note.moved' }));
    for (const move of moves) {
      await repo.add(move, 100);
    }
    // Other users, other notes and other kinds are their own entries.
    const bob = anEntry(boardId, 81_000, { kind: 'note.moved', actorId: 'bob' });
    const otherNote = anEntry(boardId, 82_000, { kind: 'note.moved', noteId: 'n2' });
    const edit = anEntry(boardId, 83_000, { kind: 'note.edited' });
    for (const entry of [bob, otherNote, edit]) {
      await repo.add(entry, 100);
    }
    const page = await repo.page(boardId, undefined, 10);
    expect(page.entries.map((entry) => entry.id)).toEqual([edit.id, otherNote.id, bob.id, moves[3].id, anEntry(boardId, 0).id]);
  });

  it('starts a new entry after a pause longer than the window', async () => {
    const first = anEntry(boardId, 0, { kind: 'note.recolored' });
    const later = anEntry(boardId, 61_000, { kind: 'note.recolored' });
    await repo.add(first, 100);
    await repo.add(later, 100);
    expect((await repo.page(boardId, undefined, 10)).entries).toEqual([later, first]);
  });

  it('ignores an entry it has, and one older than the entry it would coalesce with', async () => {
    const newer = anEntry(boardId, 5000, { kind: 'note.edited', noteText: 'newer' });
    await repo.add(newer, 100);
    await repo.add(newer, 100);
    await repo.add(anEntry(boardId, 4000, { kind: 'note.edited', noteText: 'older' }), 100);
    expect((await repo.page(boardId, undefined, 10)).entries).toEqual([newer]);
  });

  it('keeps only the newest entries beyond the cap', async () => {
    for (let index = 0; index < 6; index++) {
      await repo.add(anEntry(boardId, index, { noteId: `n${index}` }), 4);
    }
    const page = await repo.page(boardId, undefined, 10);
    expect(page.entries.map((entry) => entry.noteId)).toEqual(['n5', 'n4', 'n3', 'n2']);
  });

  it('leaves the same feed when many entries arrive at once as when they come one by one', async () => {
    // A busy board: two users editing and moving notes, entries added without waiting for each other
    // (as the recorder does), some past the window, one past the cap, one duplicate.
    const burst: ActivityEntry[] = [];
    for (let index = 0; index < 40; index++) {
      const kind = index % 3 === 0 ? 'note.moved' : 'note.edited';
      burst.push(anEntry(boardId, index * 4000, { kind, actorId: index % 2 === 0 ? 'alice' : 'bob', noteId: `n${index % 4}` }));
    }
    burst.push(burst[10]);
    const sequentialBoard = randomUUID();
    for (const entry of burst) {
      await repo.add({ ...entry, boardId: sequentialBoard }, 12);
    }
    await Promise.all(burst.map((entry) => repo.add(entry, 12)));
    const together = await repo.page(boardId, undefined, 50);
    const oneByOne = await repo.page(sequentialBoard, undefined, 50);
    expect(together.entries.map((entry) => entry.id)).toEqual(oneByOne.entries.map((entry) => entry.id));
    expect(together.entries.length).toBeGreaterThan(5);
  });

  it('deletes a board feed', async () => {
    await repo.add(anEntry(boardId, 0), 100);
    await repo.deleteBoard(boardId);
    await expect(repo.page(boardId, undefined, 10)).resolves.toEqual({ entries: [] });
  });
}
