interface Pending<T> {
  lastSentAt: number;
  next?: T;
  timer?: NodeJS.Timeout;
}

export type CoalescedSend<T> = (value: T) => Promise<unknown>;

/**
 * Coalesces a stream of latest-wins values per key (a user on a board): at most one send per
 * interval, and the latest value always goes out last (trailing edge). Values live here for at most
 * one interval, so a pod only coalesces what its own callers post.
 */
export class Coalescer<T> {
  private readonly pending = new Map<string, Pending<T>>();

  constructor(private readonly minIntervalMs: number) {}

  async push(key: string, value: T, send: CoalescedSend<T>): Promise<void> {
    const state = this.pending.get(key) ?? { lastSentAt: 0 };
    this.pending.set(key, state);
    const wait = state.lastSentAt + this.minIntervalMs - Date.now();
    if (wait <= 0 && !state.timer) {
      return this.send(key, state, value, send);
    }
    state.next = value;
    state.timer ??= setTimeout(
      () => {
        state.timer = undefined;
        if (state.next !== undefined) {
          void this.send(key, state, state.next, send).catch(() => undefined);
        }
      },
      Math.max(0, wait),
    );
  }

  /** Drops pending values whose key starts with `prefix` (a deleted board): nothing trails after it. */
  forget(prefix: string): void {
    for (const [key, state] of this.pending) {
      if (key.startsWith(prefix)) {
        clearTimeout(state.timer);
        this.pending.delete(key);
      }
    }
  }

  close(): void {
    for (const state of this.pending.values()) {
      clearTimeout(state.timer);
    }
    this.pending.clear();
  }

  private async send(key: string, state: Pending<T>, value: T, send: CoalescedSend<T>): Promise<void> {
    state.lastSentAt = Date.now();
    state.next = undefined;
    await send(value);
    // Forget idle keys, so the map only holds people moving right now.
    setTimeout(() => {
      if (!state.timer && Date.now() - state.lastSentAt >= this.minIntervalMs && this.pending.get(key) === state) {
        this.pending.delete(key);
      }
    }, this.minIntervalMs * 10).unref();
  }
}
