/**
 * Starts queued work a few items per turn of the event loop. In a reconnect storm thousands of
 * stream requests arrive together, and Node hands every one that is ready to the pod in the same
 * turn: opened (or refused) all at once, they held the loop for a hundred milliseconds and more,
 * while the Redis messages carrying the open streams' events waited behind them
 * (docs/performance.md, "Reconnect storms"). Queued here, each turn starts at most `perTurn` of
 * them and lets the loop's I/O run in between.
 */
export class ConnectQueue<T> {
  private readonly waiting: T[] = [];
  private head = 0;
  private scheduled = false;

  constructor(
    private readonly start: (item: T) => void,
    private readonly options: {
      /** Items started per turn of the event loop. */
      readonly perTurn: number;
      /** Items waiting at most; past it, `overflow` answers them at once. */
      readonly maxWaiting: number;
      readonly overflow: (item: T) => void;
      /** Still worth starting (e.g. its client has not left meanwhile). */
      readonly live: (item: T) => boolean;
    },
  ) {}

  get length(): number {
    return this.waiting.length - this.head;
  }

  push(item: T): void {
    if (this.length >= this.options.maxWaiting) {
      this.options.overflow(item);
      return;
    }
    this.waiting.push(item);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.run);
    }
  }

  private readonly run = (): void => {
    let started = 0;
    while (started < this.options.perTurn && this.head < this.waiting.length) {
      const item = this.waiting[this.head];
      this.waiting[this.head++] = undefined as T;
      if (this.options.live(item)) {
        started++;
        this.start(item);
      }
    }
    if (this.head === this.waiting.length) {
      this.waiting.length = 0;
      this.head = 0;
      this.scheduled = false;
      return;
    }
    // Under a sustained storm the queue may never empty: drop what was started so far.
    if (this.head >= 1024) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
    setImmediate(this.run);
  };
}
