/** The answer a write gave the first time, kept to give it again to a retry. */
export interface StoredAnswer {
  /** The JSON body as sent; '' for an empty answer (204). The status is the route's own. */
  readonly body: string;
}

export type Claim =
  /** First time: handle it, then finish() or release(). */
  | { readonly kind: 'new' }
  /** Handled before with this very request: answer the same. */
  | { readonly kind: 'replay'; readonly answer: StoredAnswer }
  /** The first attempt is still being handled (a retry raced it). */
  | { readonly kind: 'in_progress' }
  /** The key was used for a different request. */
  | { readonly kind: 'mismatch' };

/**
 * Port: idempotency keys per user, so a retried write (a lost response, an outbox sent again)
 * is done once. Shared by all pods in Redis mode. `scope` is the user; keys of one user never
 * meet another's. `fingerprint` says which request the key was first used for.
 */
export abstract class IdempotencyStore {
  abstract claim(scope: string, key: string, fingerprint: string, ttlMs: number): Promise<Claim>;
  abstract finish(scope: string, key: string, fingerprint: string, answer: StoredAnswer, ttlMs: number): Promise<void>;
  /** The attempt failed: a retry may try again. */
  abstract release(scope: string, key: string): Promise<void>;
}

interface Entry {
  fingerprint: string;
  answer?: StoredAnswer;
}

/** Shared by both adapters: how a stored entry answers a new claim. */
export function claimOf(entry: Entry, fingerprint: string): Claim {
  if (entry.fingerprint !== fingerprint) {
    return { kind: 'mismatch' };
  }
  return entry.answer ? { kind: 'replay', answer: entry.answer } : { kind: 'in_progress' };
}

export function encodeEntry(entry: Entry): string {
  return JSON.stringify(entry);
}

export function decodeEntry(text: string): Entry | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<Entry>;
    if (typeof parsed.fingerprint !== 'string') {
      return undefined;
    }
    const answer = parsed.answer;
    if (answer !== undefined && typeof answer.body !== 'string') {
      return undefined;
    }
    return { fingerprint: parsed.fingerprint, answer };
  } catch {
    return undefined;
  }
}
