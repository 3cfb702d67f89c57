import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { type IdempotencyStore } from './idempotency.store';

const DAY_MS = 86_400_000;

/** Behaviour both idempotency stores must have. */
export function idempotencyStoreContract(make: () => IdempotencyStore): void {
  it('lets the first claim through, holds a racing retry off, and replays the finished answer', async () => {
    const store = make();
    const [user, key] = [randomUUID(), randomUUID()];
    await expect(store.claim(user, key, 'f1', DAY_MS)).resolves.toEqual({ kind: 'new' });
    await expect(store.claim(user, key, 'f1', DAY_MS)).resolves.toEqual({ kind: 'in_progress' });
    await store.finish(user, key, 'f1', { body: '{"id":"n1"}' }, DAY_MS);
    await expect(store.claim(user, key, 'f1', DAY_MS)).resolves.toEqual({ kind: 'replay', answer: { body: '{"id":"n1"}' } });
  });

  it('refuses a key reused for another request', async () => {
    const store = make();
    const [user, key] = [randomUUID(), randomUUID()];
    await store.claim(user, key, 'f1', DAY_MS);
    await expect(store.claim(user, key, 'f2', DAY_MS)).resolves.toEqual({ kind: 'mismatch' });
    await store.finish(user, key, 'f1', { body: '' }, DAY_MS);
    await expect(store.claim(user, key, 'f2', DAY_MS)).resolves.toEqual({ kind: 'mismatch' });
  });

  it('keeps one user’s keys apart from another’s', async () => {
    const store = make();
    const key = randomUUID();
    await store.claim('alice-' + key, key, 'f1', DAY_MS);
    await store.finish('alice-' + key, key, 'f1', { body: '"alice"' }, DAY_MS);
    await expect(store.claim('bob-' + key, key, 'f2', DAY_MS)).resolves.toEqual({ kind: 'new' });
  });

  it('lets a retry through after a failed attempt was released, but never forgets a finished one', async () => {
    const store = make();
    const [user, key] = [randomUUID(), randomUUID()];
    await store.claim(user, key, 'f1', DAY_MS);
    await store.release(user, key);
    await expect(store.claim(user, key, 'f1', DAY_MS)).resolves.toEqual({ kind: 'new' });
    await store.finish(user, key, 'f1', { body: '1' }, DAY_MS);
    await store.release(user, key);
    await expect(store.claim(user, key, 'f1', DAY_MS)).resolves.toEqual({ kind: 'replay', answer: { body: '1' } });
  });

  it('forgets a key once its time is up', async () => {
    const store = make();
    const [user, key] = [randomUUID(), randomUUID()];
    await store.claim(user, key, 'f1', 50);
    await store.finish(user, key, 'f1', { body: '1' }, 50);
    // Expiry is the behaviour under test: there is no event to wait for.
    await new Promise((resolve) => setTimeout(resolve, 80));
    await expect(store.claim(user, key, 'f1', DAY_MS)).resolves.toEqual({ kind: 'new' });
  });
}
