import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';

/** Sets (or removes) the global IndexedDB that OfflineDb opens. */
export function setIndexedDb(factory: IDBFactory | undefined): void {
  for (const scope of [globalThis, typeof window === 'undefined' ? undefined : window]) {
    if (scope) {
      Object.defineProperty(scope, 'indexedDB', { value: factory, configurable: true, writable: true });
    }
  }
}

/**
 * Gives every test of the calling spec an empty in-memory IndexedDB of its own: a transaction one
 * test froze (fake timers also stop fake-indexeddb's scheduling) cannot hold up the next test.
 */
export function useFakeIndexedDb(): void {
  beforeEach(() => setIndexedDb(new IDBFactory()));
}
