import { signal } from '@angular/core';

import { formatInteger, formatList } from '../i18n/format';

/** How long an indicator stays when `until` cannot be read. */
export const DEFAULT_TYPING_MS = 5_000;
const MAX_TYPING_MS = 10_000;

/**
 * How long to show "is typing" for an event. `until` is the server's clock; measuring it
 * from the event's own (server) timestamp and applying that span from now keeps a skewed
 * client clock from hiding the indicator at once or leaving it up.
 */
export function typingDuration(until: string, sentAt: string): number {
  const span = Date.parse(until) - Date.parse(sentAt);
  return Number.isFinite(span) ? Math.min(MAX_TYPING_MS, Math.max(0, span)) : DEFAULT_TYPING_MS;
}

/** Who is typing right now; each entry expires by itself. */
export class TypingTracker {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly current = signal<readonly string[]>([]);

  /** User ids, in the order they started typing. */
  readonly userIds = this.current.asReadonly();

  show(userId: string, forMs: number): void {
    clearTimeout(this.timers.get(userId));
    if (forMs <= 0) {
      this.hide(userId);
      return;
    }
    this.timers.set(
      userId,
      setTimeout(() => this.hide(userId), forMs),
    );
    if (!this.current().includes(userId)) {
      this.current.update((ids) => [...ids, userId]);
    }
  }

  hide(userId: string): void {
    clearTimeout(this.timers.get(userId));
    this.timers.delete(userId);
    if (this.current().includes(userId)) {
      this.current.update((ids) => ids.filter((id) => id !== userId));
    }
  }

  clear(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
    this.current.set([]);
  }
}

/** Up to this many typists are named; more are counted. */
const NAMED_TYPISTS = 3;

/** Who is typing, for the ICU message: "Ada", "Ada and Bob", "Ada, Bob and Cy" named, more only counted. */
export interface TypingLine {
  readonly count: number;
  /** The names joined as the locale joins a list; empty when there are too many to name. */
  readonly names: string;
  /** `count` in the locale's digits. */
  readonly countText: string;
}

export function typingLine(names: readonly string[], locale: string): TypingLine | null {
  if (names.length === 0) {
    return null;
  }
  return {
    count: names.length,
    names: names.length <= NAMED_TYPISTS ? formatList(names, locale) : '',
    countText: formatInteger(names.length, locale),
  };
}
