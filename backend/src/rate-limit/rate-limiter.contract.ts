import { randomUUID } from 'node:crypto';
import { type RateLimiter } from './rate-limiter';

/** Behaviour both rate limiter adapters must have. */
export function rateLimiterContract(make: () => RateLimiter): void {
  it('allows up to the limit in a window, then refuses with the time left', async () => {
    const limiter = make();
    const key = randomUUID();
    for (let i = 0; i < 3; i++) {
      await expect(limiter.hit(key, 3, 10_000)).resolves.toEqual({ allowed: true, retryAfterMs: 0 });
    }
    const refused = await limiter.hit(key, 3, 10_000);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(9_000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(10_000);
  });

  it('counts keys separately', async () => {
    const limiter = make();
    await limiter.hit('a-' + randomUUID(), 1, 10_000);
    await expect(limiter.hit('b-' + randomUUID(), 1, 10_000)).resolves.toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it('starts a fresh window once the old one is over', async () => {
    const limiter = make();
    const key = randomUUID();
    await limiter.hit(key, 1, 50);
    expect((await limiter.hit(key, 1, 50)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await limiter.hit(key, 1, 50)).allowed).toBe(true);
  });
}
