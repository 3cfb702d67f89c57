/**
 * Keeps a screen reader from being flooded on a busy board: per kind, the first item of a quiet
 * spell is spoken at once, and whatever follows within the window is held and spoken as one
 * summary when the window ends (which opens the next window, so a steady stream is summarised
 * once per window).
 */
export class Coalescer<K extends string, T> {
  private readonly windows = new Map<K, { held: T[]; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly speak: (kind: K, items: readonly T[]) => void,
    private readonly windowMs: number,
  ) {}

  add(kind: K, item: T): void {
    const window = this.windows.get(kind);
    if (window) {
      window.held.push(item);
      return;
    }
    this.speak(kind, [item]);
    this.open(kind);
  }

  /** Drops what is held (the page that produced it is gone). */
  clear(): void {
    this.windows.forEach((window) => clearTimeout(window.timer));
    this.windows.clear();
  }

  private open(kind: K): void {
    this.windows.set(kind, { held: [], timer: setTimeout(() => this.flush(kind), this.windowMs) });
  }

  private flush(kind: K): void {
    const held = this.windows.get(kind)?.held ?? [];
    this.windows.delete(kind);
    if (held.length > 0) {
      this.speak(kind, held);
      this.open(kind);
    }
  }
}
