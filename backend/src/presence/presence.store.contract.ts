import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { type PresenceLeave, type PresenceMember, type PresenceStore } from './presence.store';

export const CONTRACT_GRACE_MS = 200;

const member = (): PresenceMember => {
  const userId = randomUUID();
  return { userId, username: `u${userId.slice(0, 6)}`, displayName: 'Someone' };
};

const afterGrace = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, CONTRACT_GRACE_MS + 50));

async function sweepAll(stores: PresenceStore[]): Promise<PresenceLeave[]> {
  return (await Promise.all(stores.map((store) => store.sweep()))).flat();
}

/**
 * Behaviour both presence adapters must have. `make` returns the stores of
 * the pods of one deployment (one for memory, two for Redis), built with
 * PRESENCE_GRACE_MS = CONTRACT_GRACE_MS.
 */
export function presenceStoreContract(make: () => Promise<PresenceStore[]>): void {
  let stores: PresenceStore[];
  let first: PresenceStore;
  let last: PresenceStore;

  beforeEach(async () => {
    stores = await make();
    first = stores[0];
    last = stores[stores.length - 1];
  });

  it('announces one join for two streams of one user, and lists them once', async () => {
    const board = randomUUID();
    const ada = member();
    const joined = await first.join(board, ada, 'c1');
    expect(joined).toEqual({ ...ada, since: expect.any(String), status: 'online' });
    await expect(last.join(board, ada, 'c2')).resolves.toBeUndefined();
    await expect(first.list(board)).resolves.toEqual([joined]);
    await expect(last.list(board)).resolves.toEqual([joined]);
  });

  it('announces no leave while another stream stays, and one leave after the last one closes', async () => {
    const board = randomUUID();
    const ada = member();
    await first.join(board, ada, 'c1');
    await last.join(board, ada, 'c2');
    await first.leave(board, ada.userId, 'c1');
    await afterGrace();
    await expect(sweepAll(stores)).resolves.toEqual([]);
    await last.leave(board, ada.userId, 'c2');
    await afterGrace();
    await expect(sweepAll(stores)).resolves.toEqual([{ boardId: board, userId: ada.userId }]);
    await expect(sweepAll(stores)).resolves.toEqual([]);
    await expect(first.list(board)).resolves.toEqual([]);
  });

  it('keeps a user who reconnects within the grace period, with no events', async () => {
    const board = randomUUID();
    const ada = member();
    const joined = await first.join(board, ada, 'c1');
    await first.leave(board, ada.userId, 'c1');
    await expect(last.join(board, ada, 'c2')).resolves.toBeUndefined();
    await afterGrace();
    await expect(sweepAll(stores)).resolves.toEqual([]);
    await expect(first.list(board)).resolves.toEqual([joined]);
  });

  it('announces a join again after a completed leave', async () => {
    const board = randomUUID();
    const ada = member();
    await first.join(board, ada, 'c1');
    await first.leave(board, ada.userId, 'c1');
    await afterGrace();
    await sweepAll(stores);
    await expect(last.join(board, ada, 'c2')).resolves.toEqual(expect.objectContaining({ userId: ada.userId }));
  });

  it('lets exactly one of many concurrent first streams announce the join', async () => {
    const board = randomUUID();
    const ada = member();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => stores[i % stores.length].join(board, ada, `c${i}`)));
    expect(results.filter((result) => result !== undefined)).toHaveLength(1);
  });

  it('announces the leave without waiting for the grace period when told to (access revoked)', async () => {
    const board = randomUUID();
    const ada = member();
    await first.join(board, ada, 'c1');
    await last.join(board, ada, 'c2');
    await first.leave(board, ada.userId, 'c1', 0);
    await expect(sweepAll(stores)).resolves.toEqual([]);
    await last.leave(board, ada.userId, 'c2', 0);
    await expect(sweepAll(stores)).resolves.toEqual([{ boardId: board, userId: ada.userId }]);
    await expect(first.list(board)).resolves.toEqual([]);
  });

  it('forgets a purged board: nobody listed, no leave announced for streams closing later', async () => {
    const board = randomUUID();
    const ada = member();
    const bob = member();
    await first.join(board, ada, 'c1');
    await last.join(board, bob, 'c2');
    await last.leave(board, bob.userId, 'c2');
    await first.purgeBoard(board);
    await expect(last.list(board)).resolves.toEqual([]);
    await first.leave(board, ada.userId, 'c1', 0);
    await afterGrace();
    await expect(sweepAll(stores)).resolves.toEqual([]);
    await expect(first.list(board)).resolves.toEqual([]);
    // The user's status no longer touches the purged board.
    await expect(first.setStatus(ada.userId, 'busy')).resolves.toEqual([]);
  });

  it('keeps presence per board', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const ada = member();
    await first.join(a, ada, 'c1');
    await expect(first.list(b)).resolves.toEqual([]);
    await expect(last.join(b, ada, 'c1')).resolves.toBeDefined();
  });

  it('changes the status on the boards the user is on, and joins with it', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const ada = member();
    await first.join(a, ada, 'c1');
    await expect(last.setStatus(ada.userId, 'busy')).resolves.toEqual([a]);
    await expect(first.setStatus(ada.userId, 'busy')).resolves.toEqual([]);
    await expect(first.list(a)).resolves.toEqual([expect.objectContaining({ status: 'busy' })]);
    await expect(last.join(b, ada, 'c2')).resolves.toEqual(expect.objectContaining({ status: 'busy' }));
  });
}
