export interface RateDecision {
  allowed: boolean;
  /** When refused: ms until the window resets. */
  retryAfterMs: number;
}

/** Port: counts hits per key in fixed windows. Shared by all pods in Redis mode. */
export abstract class RateLimiter {
  abstract hit(key: string, limit: number, windowMs: number): Promise<RateDecision>;
}
