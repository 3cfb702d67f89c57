import { TestBed } from '@angular/core/testing';

import { OfflineDb, type OutboxRecord } from './offline-db';
import { useFakeIndexedDb } from './testing/fake-indexed-db';

useFakeIndexedDb();

function write(userId: string, key: string): OutboxRecord {
  return {
    userId,
    scope: 'board:b1',
    kind: 'note.create',
    method: 'POST',
    url: '/api/boards/b1/notes',
    body: { text: key },
    key,
    createdAt: 0,
    attempts: 0,
  };
}

describe('OfflineDb', () => {
  let db: OfflineDb;

  beforeEach(() => {
    db = TestBed.inject(OfflineDb);
  });

  it('keeps each user’s outbox in the order it was written', async () => {
    const first = await db.outboxAdd(write('alice-db-order', 'a'));
    await db.outboxAdd(write('bob-db-order', 'b'));
    await db.outboxAdd(write('alice-db-order', 'c'));

    expect((await db.outboxList('alice-db-order')).map((record) => record.key)).toEqual(['a', 'c']);
    await db.outboxDelete(first?.seq ?? -1);
    expect((await db.outboxList('alice-db-order')).map((record) => record.key)).toEqual(['c']);
  });

  it('forgets one user’s cache and outbox and leaves another’s alone', async () => {
    await db.cachePut('alice-db-forget', 'boards', ['x']);
    await db.cachePut('bob-db-forget', 'boards', ['y']);
    await db.outboxAdd(write('alice-db-forget', 'a'));
    await db.outboxAdd(write('bob-db-forget', 'b'));

    await db.forgetUser('alice-db-forget');

    expect(await db.cacheGet('alice-db-forget', 'boards')).toBeUndefined();
    expect(await db.outboxList('alice-db-forget')).toEqual([]);
    expect(await db.cacheGet('bob-db-forget', 'boards')).toEqual(['y']);
    expect(await db.outboxList('bob-db-forget')).toHaveLength(1);
  });
});
