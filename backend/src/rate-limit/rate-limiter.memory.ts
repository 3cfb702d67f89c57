import { type RateDecision, RateLimiter } from './rate-limiter';

interface Window {
  count: number;
  endsAt: number;
}

const SWEEP_EVERY = 1000;

export class MemoryRateLimiter extends RateLimiter {
  private readonly windows = new Map<string, Window>();
  private hits = 0;

  async hit(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const now = Date.now();
    if (++this.hits % SWEEP_EVERY === 0) {
      this.sweep(now);
    }
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    return window.count <= limit ? { allowed: true, retryAfterMs: 0 } : { allowed: false, retryAfterMs: window.endsAt - now };
  }

  // Forget finished windows now and then, so idle keys do not pile up.
  private sweep(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.endsAt <= now) {
        this.windows.delete(key);
      }
    }
  }
}
