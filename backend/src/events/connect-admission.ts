/** A Retry-After beyond this only leaves users without live updates; the bucket drains faster than that in practice. */
export const MAX_RETRY_AFTER_SECONDS = 30;

export interface ConnectAdmissionOptions {
  /** Tokens added per second; 0 turns admission by rate off. */
  readonly ratePerSecond: number;
  /** Tokens the bucket holds at most: the connects admitted at once after a quiet spell. */
  readonly burst: number;
  /** Milliseconds, monotonic. */
  readonly now?: () => number;
  /** In [0, 1). */
  readonly random?: () => number;
}

/**
 * Admission of new streams by rate: a token bucket refilled `ratePerSecond` tokens a second up
 * to `burst`. Opening a stream costs CPU that steals from the streams already open, so a pod
 * turns away the connects it cannot pay for at once (503) instead of letting them queue until
 * they time out and come back all together.
 *
 * Whoever is turned away is told when to come back, spread over the time the bucket needs to
 * admit everyone turned away before it: the refused are a queue that drains at `ratePerSecond`,
 * and each is given its place in it, randomly rounded to whole seconds so neighbours do not all
 * land on the same second.
 */
export class ConnectAdmission {
  private readonly ratePerMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private tokens: number;
  private refilledAt: number;
  /** Clients refused and not yet admitted, as far as the bucket can tell: drains at the refill rate. */
  private waiting = 0;

  constructor(private readonly options: ConnectAdmissionOptions) {
    this.ratePerMs = options.ratePerSecond / 1000;
    this.now = options.now ?? (() => performance.now());
    this.random = options.random ?? Math.random;
    this.tokens = options.burst;
    this.refilledAt = this.now();
  }

  get enabled(): boolean {
    return this.options.ratePerSecond > 0;
  }

  /** Takes a token: undefined when the connect may go ahead, else the seconds it should wait (Retry-After). */
  take(): number | undefined {
    if (!this.enabled) {
      return undefined;
    }
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return undefined;
    }
    this.waiting = Math.min(this.waiting + 1, this.options.ratePerSecond * MAX_RETRY_AFTER_SECONDS);
    const queuedSeconds = this.waiting / this.options.ratePerSecond;
    // At least 1 s: the header has whole seconds and 0 would mean "at once" to a client.
    return Math.min(MAX_RETRY_AFTER_SECONDS, 1 + Math.floor(queuedSeconds + this.random()));
  }

  private refill(): void {
    const now = this.now();
    const earned = Math.max(0, now - this.refilledAt) * this.ratePerMs;
    this.refilledAt = now;
    this.tokens = Math.min(this.options.burst, this.tokens + earned);
    // What the bucket earns meanwhile admits the refused as they come back: their queue shortens.
    this.waiting = Math.max(0, this.waiting - earned);
  }
}
