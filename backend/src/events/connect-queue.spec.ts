import { expect } from '@jest/globals';
import { ConnectQueue } from './connect-queue';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ConnectQueue', () => {
  it('starts at most perTurn items each turn of the event loop, in order', async () => {
    const started: number[] = [];
    const queue = new ConnectQueue<number>((item) => started.push(item), {
      perTurn: 3,
      maxWaiting: 100,
      overflow: () => undefined,
      live: () => true,
    });
    for (let i = 0; i < 8; i++) {
      queue.push(i);
    }
    expect(started).toEqual([]);
    await nextTurn();
    expect(started).toEqual([0, 1, 2]);
    await nextTurn();
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    await nextTurn();
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(queue.length).toBe(0);
  });

  it('answers what comes past maxWaiting at once, and skips what is no longer live', async () => {
    const started: string[] = [];
    const overflowed: string[] = [];
    const gone = new Set(['b']);
    const queue = new ConnectQueue<string>((item) => started.push(item), {
      perTurn: 10,
      maxWaiting: 3,
      overflow: (item) => overflowed.push(item),
      live: (item) => !gone.has(item),
    });
    for (const item of ['a', 'b', 'c', 'd', 'e']) {
      queue.push(item);
    }
    expect(overflowed).toEqual(['d', 'e']);
    await nextTurn();
    expect(started).toEqual(['a', 'c']);
  });

  it('keeps going under a queue that never empties, without holding on to what it started', async () => {
    let started = 0;
    const queue = new ConnectQueue<number>(() => started++, {
      perTurn: 50,
      maxWaiting: 10_000,
      overflow: () => undefined,
      live: () => true,
    });
    for (let turn = 0; turn < 60; turn++) {
      for (let i = 0; i < 40; i++) {
        queue.push(i);
      }
      await nextTurn();
    }
    while (queue.length > 0) {
      await nextTurn();
    }
    expect(started).toBe(2400);
  });
});
