import { DOCUMENT, DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';

import { AuthStore } from '../auth/auth-store';
import { OfflineDb } from './offline-db';

export { isUnreachable } from './unreachable';

/** Saves of one key at most this often: a busy board writes to IndexedDB once a second, not per event. */
export const SAVE_INTERVAL_MS = 1_000;

interface PendingSave {
  userId: string;
  value: () => unknown;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The signed-in user's last-known server state (boards list, board snapshots, recent chat,
 * drafts) in OfflineDb's cache, so a start without network shows what the user last saw.
 * Also knows which of it is on screen now without having been refreshed: the banner's cue.
 */
@Injectable({ providedIn: 'root' })
export class LastKnown {
  private readonly db = inject(OfflineDb);
  private readonly auth = inject(AuthStore);
  private readonly pending = new Map<string, PendingSave>();
  private readonly staleKeys = signal<ReadonlySet<string>>(new Set());

  /** Some of what is shown came from storage and the server could not be asked for newer. */
  readonly showingStale = computed(() => this.staleKeys().size > 0);

  constructor() {
    const win = inject(DOCUMENT).defaultView;
    // A closing or hidden tab may never run its timers again: write what is waiting now.
    const flush = (): void => this.flush();
    const flushIfHidden = (): void => {
      if (win?.document.visibilityState === 'hidden') {
        this.flush();
      }
    };
    win?.addEventListener('pagehide', flush);
    win?.document.addEventListener('visibilitychange', flushIfHidden);
    let userId = this.auth.user()?.id ?? null;
    effect(() => {
      const now = this.auth.user()?.id ?? null;
      if (now !== userId) {
        userId = now;
        untracked(() => this.userChanged());
      }
    });
    inject(DestroyRef).onDestroy(() => {
      win?.removeEventListener('pagehide', flush);
      win?.document.removeEventListener('visibilitychange', flushIfHidden);
    });
  }

  /** What was last saved under `key` for the signed-in user. */
  async read<T>(key: string): Promise<T | undefined> {
    const userId = this.auth.user()?.id;
    return userId ? this.db.cacheGet<T>(userId, key) : undefined;
  }

  /**
   * Saves `value()` under `key` within `withinMs`; saves asked for meanwhile are
   * folded into that one, which reads the value when it runs.
   */
  saveSoon(key: string, value: () => unknown, withinMs = SAVE_INTERVAL_MS): void {
    const userId = this.auth.user()?.id;
    if (!userId) {
      return;
    }
    const waiting = this.pending.get(key);
    if (waiting && waiting.userId === userId) {
      waiting.value = value;
      return;
    }
    if (waiting) {
      clearTimeout(waiting.timer);
    }
    this.pending.set(key, { userId, value, timer: setTimeout(() => this.flush(key), withinMs) });
  }

  /** Writes the waiting saves (of one key, or all) now. */
  flush(key?: string): void {
    for (const [pendingKey, save] of this.pending) {
      if (key === undefined || key === pendingKey) {
        clearTimeout(save.timer);
        this.pending.delete(pendingKey);
        // Signed out (or someone else signed in) since: their data is being forgotten, not saved.
        if (this.auth.user()?.id === save.userId) {
          void this.db.cachePut(save.userId, pendingKey, save.value());
        }
      }
    }
  }

  /** Drops what is stored under `key` (a board that is gone, a chat we may no longer read). */
  async forget(key: string): Promise<void> {
    const waiting = this.pending.get(key);
    if (waiting) {
      clearTimeout(waiting.timer);
      this.pending.delete(key);
    }
    const userId = this.auth.user()?.id;
    if (userId) {
      await this.db.cacheDelete(userId, key);
    }
  }

  /** Another user (or none) now: what was waiting for the previous one is theirs, not to be saved. */
  private userChanged(): void {
    for (const save of this.pending.values()) {
      clearTimeout(save.timer);
    }
    this.pending.clear();
    this.staleKeys.set(new Set());
  }

  /** Whether `key` is on screen from storage, not (yet) refreshed from the server. */
  markStale(key: string, stale: boolean): void {
    if (this.staleKeys().has(key) === stale) {
      return;
    }
    this.staleKeys.update((keys) => {
      const next = new Set(keys);
      if (stale) {
        next.add(key);
      } else {
        next.delete(key);
      }
      return next;
    });
  }
}
