import { Injectable } from '@angular/core';
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';

/** One write waiting to reach the server; `seq` orders the user's outbox. */
export interface OutboxRecord {
  seq?: number;
  userId: string;
  /** What the UI groups it under: `board:<id>`, `conversation:<id>`. */
  scope: string;
  kind: OutboxKind;
  method: 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body: unknown;
  /** Sent as Idempotency-Key: the server does the write once however often it arrives. */
  key: string;
  createdAt: number;
  /** Failed attempts so far (network error or 5xx). */
  attempts: number;
}

export type OutboxKind = 'note.create' | 'note.update' | 'note.delete' | 'chat.message' | 'chat.read';

interface CacheRecord {
  userId: string;
  key: string;
  value: unknown;
  savedAt: number;
}

interface CorkboardDb extends DBSchema {
  /** Last-known server state per user: boards list, board snapshots, recent chat, drafts. */
  cache: { key: [string, string]; value: CacheRecord; indexes: { byUser: string } };
  outbox: { key: number; value: OutboxRecord; indexes: { byUser: string } };
  /** Browser-wide facts that are not one user's data (the last signed-in user, for an offline start). */
  meta: { key: string; value: unknown };
}

const DB_NAME = 'corkboard';
const DB_VERSION = 1;

/**
 * The app's IndexedDB. Every call degrades to "nothing stored" when IndexedDB is missing or
 * refuses (private windows, quota): offline support is lost then, never the online app.
 */
@Injectable({ providedIn: 'root' })
export class OfflineDb {
  private opening: Promise<IDBPDatabase<CorkboardDb> | null> | undefined;

  async cacheGet<T>(userId: string, key: string): Promise<T | undefined> {
    const db = await this.db();
    const record = await db?.get('cache', [userId, key]).catch(() => undefined);
    return record?.value as T | undefined;
  }

  async cachePut(userId: string, key: string, value: unknown): Promise<void> {
    const db = await this.db();
    await db?.put('cache', { userId, key, value, savedAt: Date.now() }).catch(() => undefined);
  }

  async cacheDelete(userId: string, key: string): Promise<void> {
    const db = await this.db();
    await db?.delete('cache', [userId, key]).catch(() => undefined);
  }

  /** Appends to the user's outbox and returns the record with its `seq`. */
  async outboxAdd(record: OutboxRecord): Promise<OutboxRecord | null> {
    const db = await this.db();
    if (!db) {
      return null;
    }
    // An own `seq: undefined` would be a DataError: the key generator fills only a missing key.
    const fresh = { ...record };
    delete fresh.seq;
    const seq = await db.add('outbox', fresh);
    return { ...fresh, seq };
  }

  async outboxPut(record: OutboxRecord): Promise<void> {
    const db = await this.db();
    await db?.put('outbox', record).catch(() => undefined);
  }

  /** The user's waiting writes, oldest first. */
  async outboxList(userId: string): Promise<OutboxRecord[]> {
    const db = await this.db();
    const records = (await db?.getAllFromIndex('outbox', 'byUser', userId).catch(() => [])) ?? [];
    return records.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  }

  async outboxDelete(seq: number): Promise<void> {
    const db = await this.db();
    await db?.delete('outbox', seq).catch(() => undefined);
  }

  async metaGet<T>(key: string): Promise<T | undefined> {
    const db = await this.db();
    return (await db?.get('meta', key).catch(() => undefined)) as T | undefined;
  }

  async metaPut(key: string, value: unknown): Promise<void> {
    const db = await this.db();
    await db?.put('meta', value, key).catch(() => undefined);
  }

  async metaDelete(key: string): Promise<void> {
    const db = await this.db();
    await db?.delete('meta', key).catch(() => undefined);
  }

  /** Everything stored for one user: their cached boards and chat, and their unsent writes. */
  async forgetUser(userId: string): Promise<void> {
    const db = await this.db();
    if (!db) {
      return;
    }
    const tx = db.transaction(['cache', 'outbox'], 'readwrite');
    const stores = [tx.objectStore('cache').index('byUser'), tx.objectStore('outbox').index('byUser')];
    await Promise.all([
      ...stores.map(async (index) => {
        for (let cursor = await index.openCursor(userId); cursor; cursor = await cursor.continue()) {
          await cursor.delete();
        }
      }),
      tx.done,
    ]).catch(() => undefined);
  }

  private db(): Promise<IDBPDatabase<CorkboardDb> | null> {
    this.opening ??= this.open();
    return this.opening;
  }

  private async open(): Promise<IDBPDatabase<CorkboardDb> | null> {
    if (typeof indexedDB === 'undefined') {
      return null;
    }
    try {
      return await openDB<CorkboardDb>(DB_NAME, DB_VERSION, {
        upgrade(db) {
          db.createObjectStore('cache', { keyPath: ['userId', 'key'] }).createIndex('byUser', 'userId');
          db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }).createIndex('byUser', 'userId');
          db.createObjectStore('meta');
        },
        // Another tab upgrading the schema: let it, this tab reopens on next use.
        blocking: () => {
          void this.opening?.then((db) => db?.close());
          this.opening = undefined;
        },
      });
    } catch {
      return null;
    }
  }
}
