import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the first call at once and the latest of the rest when the interval is over', () => {
    const run = vi.fn<(value: number) => void>();
    const throttled = throttle(run, 100);

    throttled.call(1);
    throttled.call(2);
    throttled.call(3);
    expect(run.mock.calls).toEqual([[1]]);

    vi.advanceTimersByTime(100);
    expect(run.mock.calls).toEqual([[1], [3]]);
  });

  it('flush runs the waiting call now; cancel forgets it', () => {
    const run = vi.fn<(value: number) => void>();
    const throttled = throttle(run, 100);
    throttled.call(1);
    throttled.call(2);
    throttled.flush();
    expect(run.mock.calls).toEqual([[1], [2]]);

    vi.advanceTimersByTime(100);
    throttled.call(3);
    throttled.call(4);
    throttled.cancel();
    vi.advanceTimersByTime(500);
    expect(run.mock.calls).toEqual([[1], [2], [3]]);
  });
});
