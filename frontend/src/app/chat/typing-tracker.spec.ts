import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { DEFAULT_TYPING_MS, TypingTracker, typingDuration, typingLine } from './typing-tracker';

describe('TypingTracker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('expires each typist by itself, and a new notice extends the time', () => {
    const tracker = new TypingTracker();
    tracker.show('u2', 5_000);
    vi.advanceTimersByTime(3_000);
    tracker.show('u3', 5_000);
    tracker.show('u2', 5_000);
    expect(tracker.userIds()).toEqual(['u2', 'u3']);

    vi.advanceTimersByTime(4_999);
    expect(tracker.userIds()).toEqual(['u2', 'u3']);
    vi.advanceTimersByTime(1);
    expect(tracker.userIds()).toEqual([]);
  });

  it('hides at once for an expired notice, and clears everything', () => {
    const tracker = new TypingTracker();
    tracker.show('u2', 0);
    expect(tracker.userIds()).toEqual([]);
    tracker.show('u2', 5_000);
    tracker.clear();
    expect(tracker.userIds()).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('typingDuration', () => {
  it('measures `until` against the event’s own timestamp, bounded', () => {
    expect(typingDuration('2026-01-01T10:00:05.000Z', '2026-01-01T10:00:00.000Z')).toBe(5_000);
    expect(typingDuration('2026-01-01T10:00:00.000Z', '2026-01-01T10:00:05.000Z')).toBe(0);
    expect(typingDuration('2026-01-01T11:00:00.000Z', '2026-01-01T10:00:00.000Z')).toBe(10_000);
    expect(typingDuration('soon', '')).toBe(DEFAULT_TYPING_MS);
  });
});

describe('typingLine', () => {
  it('names up to three typists the way the locale lists them, and only counts more', () => {
    expect(typingLine([], 'en')).toBeNull();
    expect(typingLine(['Ada'], 'en')).toEqual({ count: 1, names: 'Ada', countText: '1' });
    expect(typingLine(['Ada', 'Bob'], 'en')?.names).toBe('Ada and Bob');
    expect(typingLine(['Ada', 'Bob'], 'de')?.names).toBe('Ada und Bob');
    expect(typingLine(['Ada', 'Bob', 'Cy'], 'ar')?.names).toBe('Ada وBob وCy');
    expect(typingLine(['Ada', 'Bob', 'Cy', 'Dee'], 'en')).toEqual({ count: 4, names: '', countText: '4' });
  });
});
