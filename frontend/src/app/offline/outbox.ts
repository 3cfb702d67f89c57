import { HttpClient, HttpHeaders } from '@angular/common/http';
import { DOCUMENT, DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { Observable, type Subscriber } from 'rxjs';

import { AuthStore } from '../auth/auth-store';
import { RealtimeClient } from '../realtime/realtime-client';
import { OfflineDb, type OutboxKind, type OutboxRecord } from './offline-db';
import { OUTBOX_LINK_FACTORY, type OutboxLink, type OutboxMessage, outboxLockName } from './outbox-link';
import { type WriteAnswer, errorOf, failureAnswer, failureOf } from './outbox-policy';

/** One write as the APIs hand it over; `key` (the write's clientId) is its Idempotency-Key. */
export interface OutboxWrite {
  readonly scope: string;
  readonly kind: OutboxKind;
  readonly method: OutboxRecord['method'];
  readonly url: string;
  readonly body: unknown;
  readonly key: string;
}

type Attempt = { ok: true; body: unknown } | { ok: false; error: unknown };

/**
 * Writes that could not reach the server yet, kept in IndexedDB per user and sent in order,
 * once each, when the network is back. A write goes straight out while the outbox is empty
 * and the browser online; offline, behind queued writes, or after a network error or 5xx it
 * is queued and its caller's Observable stays pending (the UI keeps it marked) until it is
 * sent. One tab at a time drains (a Web Lock), and tells the others each answer.
 */
@Injectable()
export class Outbox {
  private readonly http = inject(HttpClient);
  private readonly db = inject(OfflineDb);
  private readonly auth = inject(AuthStore);
  private readonly realtime = inject(RealtimeClient);
  private readonly window = inject(DOCUMENT).defaultView;
  private readonly openLink = inject(OUTBOX_LINK_FACTORY);

  private readonly records = signal<readonly OutboxRecord[]>([]);
  /** Callers waiting for a queued write's answer, by its key (several when writes were folded into one). */
  private readonly waiters = new Map<string, Set<Subscriber<unknown>>>();
  private userId: string | null = null;
  private link: OutboxLink | null = null;
  /** Without Web Locks: this tab's writes to its outbox, one after another. */
  private localTurn: Promise<unknown> = Promise.resolve();
  /** Queued writes still on their way into IndexedDB: new writes go behind them. */
  private adding = 0;
  private enqueuing: Promise<unknown> = Promise.resolve();
  private draining = false;
  private drainAgain = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** After a failure nothing is sent before this (ms epoch), unless the network comes back first. */
  private retryAt = 0;
  /** The session ended under the drain (401): nothing is sent until someone signs in again. */
  private held = false;

  /** The signed-in user's writes waiting, oldest first. */
  readonly waiting = this.records.asReadonly();
  /** Changes the user made that wait (read markers are bookkeeping, not counted). */
  readonly count = computed(() => this.records().filter(isChange).length);
  /** Whether the browser thinks it can reach the server; waiting writes are being sent then. */
  readonly online = signal(this.browserOnline());

  constructor() {
    effect(() => {
      const userId = this.auth.user()?.id ?? null;
      untracked(() => this.switchUser(userId));
    });
    effect(() => {
      const live = this.realtime.state() === 'live';
      untracked(() => {
        this.online.set(this.browserOnline());
        if (live) {
          // The stream got through with the session: a write held after a 401 may go again.
          this.held = false;
          this.retryAt = 0;
          this.drain();
        }
      });
    });
    const win = this.window;
    const onOnline = (): void => {
      this.online.set(this.browserOnline());
      this.retryAt = 0;
      this.drain();
    };
    const onOffline = (): void => this.online.set(false);
    win?.addEventListener('online', onOnline);
    win?.addEventListener('offline', onOffline);
    inject(DestroyRef).onDestroy(() => {
      win?.removeEventListener('online', onOnline);
      win?.removeEventListener('offline', onOffline);
      clearTimeout(this.retryTimer);
      this.closeLink();
    });
  }

  /** Waiting writes under one scope (`board:<id>`, `conversation:<id>`). */
  countIn(scope: string): number {
    return this.records().filter((record) => record.scope === scope && isChange(record)).length;
  }

  /** Sends the write, or queues it; the Observable answers once, whenever the server does. */
  send<T>(write: OutboxWrite): Observable<T> {
    return new Observable<T>((subscriber) => {
      const userId = this.userId;
      if (!userId) {
        return this.request<T>(write).subscribe(subscriber);
      }
      this.wait(write.key, subscriber);
      if (this.records().length === 0 && this.adding === 0 && !this.held && this.browserOnline()) {
        void this.attempt(write, (outcome) => this.afterDirect(userId, write, outcome));
      } else {
        void this.enqueue(userId, write, 0);
      }
      return () => this.unwait(write.key, subscriber);
    });
  }

  /** Answers when a write queued earlier (before a reload, or by another tab) is answered. */
  attach<T>(key: string): Observable<T> {
    return new Observable<T>((subscriber) => {
      this.wait(key, subscriber);
      return () => this.unwait(key, subscriber);
    });
  }

  /** The waiting writes of one scope, oldest first (for a page that rebuilds its pending changes). */
  async queuedIn(scope: string): Promise<OutboxRecord[]> {
    const userId = this.userId;
    return userId ? (await this.db.outboxList(userId)).filter((record) => record.scope === scope) : [];
  }

  /**
   * Folds changes into a queued write that was never tried, so they survive a reload with it.
   * False when it is gone or was tried (the server may hold the first body under its key).
   */
  amend(key: string, change: (body: unknown) => unknown): Promise<boolean> {
    return this.untried(key, async (record) => {
      await this.db.outboxPut({ ...record, body: change(record.body) });
      return true;
    });
  }

  /** Drops a queued write that was never tried; false when it is gone or may have reached the server. */
  cancel(key: string): Promise<boolean> {
    return this.untried(key, async (record) => {
      await this.db.outboxDelete(record.seq!);
      this.waiters.get(key)?.forEach((waiter) => waiter.complete());
      this.waiters.delete(key);
      return true;
    });
  }

  /** Drops every waiting write of the signed-in user (logging out without them). */
  async discardAll(): Promise<void> {
    const userId = this.userId;
    if (!userId) {
      return;
    }
    await this.exclusive(userId, async () => {
      for (const record of await this.db.outboxList(userId)) {
        await this.db.outboxDelete(record.seq!);
      }
    });
    await this.reload(userId);
    this.tell({ kind: 'changed' });
  }

  // ---- sending -----------------------------------------------------------------------------

  private afterDirect(userId: string, write: OutboxWrite, outcome: Attempt): void {
    if (outcome.ok) {
      this.answer(write.key, { ok: true, body: outcome.body });
      return;
    }
    const next = failureAnswer(outcome.error, 1);
    if (next.kind === 'refuse' || this.userId !== userId) {
      this.answerError(write.key, outcome.error);
      return;
    }
    void this.enqueue(userId, write, 1, outcome.error);
  }

  /** Queues writes one after another, so they are stored in the order they were made. */
  private enqueue(userId: string, write: OutboxWrite, attempts: number, error?: unknown): Promise<void> {
    const next = error === undefined ? undefined : failureAnswer(error, attempts);
    if (next?.kind === 'retry') {
      // Before it is stored, so a drain starting meanwhile waits too.
      this.retryAt = Date.now() + next.delayMs;
    }
    this.adding += 1;
    const stored = this.enqueuing.then(() => this.store(userId, write, attempts, error)).finally(() => (this.adding -= 1));
    this.enqueuing = stored.catch(() => undefined);
    return stored.then((kept) => {
      if (!kept) {
        return;
      }
      if (next?.kind === 'retry') {
        this.retryIn(next.delayMs);
      } else if (next?.kind === 'hold') {
        this.held = true;
      } else {
        this.drain();
      }
    });
  }

  /** Stores one write (or folds it into the last); false when nothing could be stored. */
  private async store(userId: string, write: OutboxWrite, attempts: number, error: unknown): Promise<boolean> {
    const foldedInto = attempts === 0 ? await this.foldIntoLast(userId, write) : null;
    if (foldedInto) {
      // The earlier write now carries this one: its answer is this caller's too.
      const waiting = this.waiters.get(write.key) ?? [];
      this.waiters.delete(write.key);
      waiting.forEach((waiter) => this.wait(foldedInto, waiter));
    } else if (!(await this.db.outboxAdd({ ...write, userId, createdAt: Date.now(), attempts }).catch(() => null))) {
      // Nowhere to keep it (IndexedDB refused): the write fails or goes out as it did before the outbox.
      if (error === undefined) {
        void this.attempt(write, (outcome) =>
          outcome.ok ? this.answer(write.key, { ok: true, body: outcome.body }) : this.answerError(write.key, outcome.error),
        );
      } else {
        this.answerError(write.key, error);
      }
      return false;
    }
    await this.reload(userId);
    this.tell({ kind: 'changed' });
    return true;
  }

  /** Sends the waiting writes one at a time, oldest first, while this tab holds the user's outbox lock. */
  private drain(): void {
    const userId = this.userId;
    if (!userId || this.held || !this.browserOnline()) {
      return;
    }
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = true;
    clearTimeout(this.retryTimer);
    void this.exclusive(userId, () => this.sendAll(userId)).finally(() => {
      this.draining = false;
      if (this.drainAgain) {
        this.drainAgain = false;
        this.drain();
      }
    });
  }

  private async sendAll(userId: string): Promise<void> {
    for (;;) {
      if (this.userId !== userId || this.held || !this.browserOnline()) {
        return;
      }
      if (Date.now() < this.retryAt) {
        this.retryIn(this.retryAt - Date.now());
        return;
      }
      const [record] = await this.db.outboxList(userId);
      if (!record) {
        await this.reload(userId);
        return;
      }
      // Answered the moment the server does, so the UI confirms without waiting for IndexedDB.
      const outcome = await this.attempt(record, (settled) => this.settle(record, settled));
      const next = outcome.ok ? null : failureAnswer(outcome.error, record.attempts + 1);
      if (next?.kind === 'retry' || next?.kind === 'hold') {
        await this.db.outboxPut({ ...record, attempts: record.attempts + 1 });
        await this.reload(userId);
        if (next.kind === 'retry') {
          this.retryIn(next.delayMs);
        } else {
          this.held = true;
        }
        return;
      }
      await this.db.outboxDelete(record.seq!);
      await this.reload(userId);
      this.tell({ kind: 'changed' });
    }
  }

  /** One request; `answered` hears the outcome synchronously, as a caller of HttpClient would. */
  private attempt(write: Pick<OutboxWrite, 'method' | 'url' | 'body' | 'key'>, answered: (outcome: Attempt) => void): Promise<Attempt> {
    return new Promise<Attempt>((resolve) => {
      const done = (outcome: Attempt): void => {
        answered(outcome);
        resolve(outcome);
      };
      this.request(write).subscribe({
        next: (body) => done({ ok: true, body }),
        error: (error: unknown) => done({ ok: false, error }),
      });
    });
  }

  /** A drained write's answer: its caller (here or in another tab) hears it unless it is to be tried again. */
  private settle(record: OutboxRecord, outcome: Attempt): void {
    if (!outcome.ok && failureAnswer(outcome.error, record.attempts + 1).kind !== 'refuse') {
      return;
    }
    const answer: WriteAnswer = outcome.ok ? { ok: true, body: outcome.body } : { ok: false, failure: failureOf(outcome.error) };
    this.tell({ kind: 'answered', key: record.key, answer });
    if (outcome.ok) {
      this.answer(record.key, answer);
    } else {
      this.answerError(record.key, outcome.error);
    }
  }

  private request<T>(write: Pick<OutboxWrite, 'method' | 'url' | 'body' | 'key'>): Observable<T> {
    const headers = new HttpHeaders({ 'Idempotency-Key': write.key });
    return this.http.request<T>(write.method, write.url, { body: write.method === 'DELETE' ? null : write.body, headers });
  }

  private retryIn(delayMs: number): void {
    clearTimeout(this.retryTimer);
    this.retryAt = Date.now() + delayMs;
    this.retryTimer = setTimeout(() => {
      this.retryAt = 0;
      this.drain();
    }, delayMs);
  }

  // ---- answering callers -------------------------------------------------------------------

  private wait(key: string, subscriber: Subscriber<unknown>): void {
    this.waiters.set(key, new Set(this.waiters.get(key)).add(subscriber));
  }

  private unwait(key: string, subscriber: Subscriber<unknown>): void {
    const waiting = this.waiters.get(key);
    waiting?.delete(subscriber);
    if (waiting?.size === 0) {
      this.waiters.delete(key);
    }
  }

  private answer(key: string, answer: WriteAnswer): void {
    const waiting = this.waiters.get(key) ?? [];
    this.waiters.delete(key);
    for (const waiter of waiting) {
      if (answer.ok) {
        waiter.next(answer.body);
        waiter.complete();
      } else {
        waiter.error(errorOf(answer.failure));
      }
    }
  }

  private answerError(key: string, error: unknown): void {
    const waiting = this.waiters.get(key) ?? [];
    this.waiters.delete(key);
    waiting.forEach((waiter) => waiter.error(error));
  }

  // ---- the user's tabs ---------------------------------------------------------------------

  private switchUser(userId: string | null): void {
    if (userId === this.userId) {
      return;
    }
    this.closeLink();
    clearTimeout(this.retryTimer);
    this.userId = userId;
    this.held = false;
    this.records.set([]);
    if (!userId) {
      return;
    }
    this.link = this.openLink?.(userId) ?? null;
    if (this.link) {
      this.link.port.onmessage = ({ data }) => this.heard(userId, data);
    }
    void this.reload(userId).then(() => this.drain());
  }

  private heard(userId: string, message: OutboxMessage): void {
    switch (message.kind) {
      case 'answered':
        this.answer(message.key, message.answer);
        return;
      case 'changed':
        // The tab that queued it may be gone before it could send: whoever gets the lock does.
        void this.reload(userId).then(() => this.records().length > 0 && this.drain());
        return;
    }
  }

  private tell(message: OutboxMessage): void {
    try {
      this.link?.port.postMessage(message);
    } catch {
      // The channel closed with the user's session; their other tabs re-read the list anyway.
    }
  }

  private closeLink(): void {
    if (this.link) {
      this.link.port.onmessage = null;
      this.link.port.close();
      this.link = null;
    }
  }

  private async reload(userId: string): Promise<void> {
    const records = await this.db.outboxList(userId);
    if (this.userId === userId) {
      this.records.set(records);
    }
  }

  /** The user's outbox to this tab alone (across tabs where Web Locks exist). */
  private exclusive<T>(userId: string, work: () => Promise<T>): Promise<T> {
    if (this.link) {
      let result: T;
      return this.link.locks
        .request(outboxLockName(userId), {}, async () => {
          result = await work();
        })
        .then(() => result);
    }
    const turn = this.localTurn.then(work);
    this.localTurn = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Moves and colour changes of one note in a row (a drag sends several), or read markers of
   * one room, become one queued write: the last one, if never tried, takes the new values under its own key.
   */
  private foldIntoLast(userId: string, write: OutboxWrite): Promise<string | null> {
    if (!isFoldable(write)) {
      return Promise.resolve(null);
    }
    return this.exclusive(userId, async () => {
      const last = (await this.db.outboxList(userId)).at(-1);
      if (!last || last.attempts > 0 || last.url !== write.url || !isFoldable(last)) {
        return null;
      }
      const earlier = last.body as { clientId?: string };
      // The earlier write's clientId stays: its echo must still match the key the server will remember.
      const body = { ...earlier, ...(write.body as object), ...(earlier.clientId === undefined ? {} : { clientId: earlier.clientId }) };
      await this.db.outboxPut({ ...last, body });
      return last.key;
    }).catch(() => null);
  }

  private untried(key: string, change: (record: OutboxRecord) => Promise<boolean>): Promise<boolean> {
    const userId = this.userId;
    if (!userId) {
      return Promise.resolve(false);
    }
    // After the writes still on their way in: the one asked for may be among them.
    const turn = this.enqueuing.then(() =>
      this.exclusive(userId, async () => {
        const record = (await this.db.outboxList(userId)).find((candidate) => candidate.key === key);
        if (!record || record.attempts > 0) {
          return false;
        }
        const changed = await change(record);
        await this.reload(userId);
        this.tell({ kind: 'changed' });
        return changed;
      }),
    );
    this.enqueuing = turn.catch(() => undefined);
    return turn.catch(() => false);
  }

  private browserOnline(): boolean {
    return this.window?.navigator.onLine !== false && this.realtime.state() !== 'offline';
  }
}

function isChange(record: OutboxRecord): boolean {
  return record.kind !== 'chat.read';
}

/** A versionless note update (position, colour) or a read marker: later values simply replace earlier ones. */
function isFoldable(write: Pick<OutboxWrite, 'kind' | 'body'>): boolean {
  const body = write.body as { version?: unknown; text?: unknown } | null;
  return (
    write.kind === 'chat.read' || (write.kind === 'note.update' && body !== null && body.version === undefined && body.text === undefined)
  );
}
