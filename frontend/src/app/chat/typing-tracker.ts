import { signal } from '@angular/core';

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

/** "Ada is typing…", "Ada and Bob are typing…", "Several people are typing…". */
export function typingText(names: readonly string[]): string {
  if (names.length === 0) {
    return '';
  }
  if (names.length === 1) {
    return `${names[0]} is typing…`;
  }
  if (names.length === 2) {
    return `${names[0]} and ${names[1]} are typing…`;
  }
  return 'Several people are typing…';
}
