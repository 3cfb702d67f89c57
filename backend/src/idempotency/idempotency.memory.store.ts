import { type Claim, claimOf, IdempotencyStore, type StoredAnswer } from './idempotency.store';

/** Keys held at most by one process; the oldest go first past this many (a bounded memory). */
const MAX_ENTRIES = 100_000;

interface MemoryEntry {
  fingerprint: string;
  answer?: StoredAnswer;
  expiresAt: number;
}

export class MemoryIdempotencyStore extends IdempotencyStore {
  /** Insertion order is expiry order for equal TTLs, so the oldest entries are at the front. */
  private readonly entries = new Map<string, MemoryEntry>();

  async claim(scope: string, key: string, fingerprint: string, ttlMs: number): Promise<Claim> {
    const id = entryId(scope, key);
    const now = Date.now();
    const existing = this.entries.get(id);
    if (existing && existing.expiresAt > now) {
      return claimOf(existing, fingerprint);
    }
    this.entries.delete(id);
    this.evict(now);
    this.entries.set(id, { fingerprint, expiresAt: now + ttlMs });
    return { kind: 'new' };
  }

  async finish(scope: string, key: string, fingerprint: string, answer: StoredAnswer, ttlMs: number): Promise<void> {
    const id = entryId(scope, key);
    this.entries.delete(id);
    this.entries.set(id, { fingerprint, answer, expiresAt: Date.now() + ttlMs });
  }

  async release(scope: string, key: string): Promise<void> {
    const id = entryId(scope, key);
    if (this.entries.get(id)?.answer === undefined) {
      this.entries.delete(id);
    }
  }

  private evict(now: number): void {
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt > now && this.entries.size < MAX_ENTRIES) {
        return;
      }
      this.entries.delete(id);
    }
  }
}

function entryId(scope: string, key: string): string {
  return `${scope}\n${key}`;
}
