import { describe, expect, it } from 'vitest';

import { backoffDelay, firstReconnectDelay, parseRetryAfter } from './backoff';

describe('backoffDelay', () => {
  it('starts at 1 s and doubles up to a 30 s cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 12].map((attempt) => backoffDelay(attempt, () => 0))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('jitters by shortening the wait, never beyond the cap', () => {
    expect(backoffDelay(0, () => 1)).toBe(700);
    expect(backoffDelay(10, () => 0.5)).toBe(25500);
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelay(8);
      expect(delay).toBeGreaterThanOrEqual(21000);
      expect(delay).toBeLessThanOrEqual(30000);
    }
  });
});

describe('firstReconnectDelay', () => {
  it('spreads the first reconnect after a drop over 0.5 to 2 s', () => {
    expect(firstReconnectDelay(() => 0)).toBe(500);
    expect(firstReconnectDelay(() => 0.5)).toBe(1250);
    expect(firstReconnectDelay(() => 0.9999)).toBe(2000);
    const delays = Array.from({ length: 200 }, () => firstReconnectDelay());
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...delays)).toBeLessThanOrEqual(2000);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(1000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10000);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
