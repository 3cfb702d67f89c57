import { describe, expect, it } from 'vitest';

import { timeAgo } from './notification-link';

describe('timeAgo', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');

  it('says "just now" for the last minute, and for a sender whose clock runs ahead', () => {
    expect(timeAgo('2026-03-10T11:59:10Z', now, 'en')).toBe('just now');
    expect(timeAgo('2026-03-10T12:03:00Z', now, 'en')).toBe('just now');
  });

  it('counts whole minutes, hours and days back, in words of the locale', () => {
    expect(timeAgo('2026-03-10T11:55:00Z', now, 'en')).toBe('5 minutes ago');
    expect(timeAgo('2026-03-10T08:30:00Z', now, 'en')).toBe('3 hours ago');
    expect(timeAgo('2026-03-07T12:00:00Z', now, 'en')).toBe('3 days ago');
    expect(timeAgo('2026-03-10T11:55:00Z', now, 'de')).toBe('vor 5 Minuten');
    expect(timeAgo('2026-03-10T08:30:00Z', now, 'ar')).toMatch(/^قبل/);
  });

  it('names yesterday as such where the language does', () => {
    expect(timeAgo('2026-03-09T10:00:00Z', now, 'en')).toBe('yesterday');
    expect(timeAgo('2026-03-09T10:00:00Z', now, 'de')).toBe('gestern');
  });

  it('gives the date after a week, formatted for the locale', () => {
    expect(timeAgo('2026-01-03T10:00:00Z', now, 'en')).toBe('Jan 3');
    expect(timeAgo('2026-01-03T10:00:00Z', now, 'de')).toBe('3. Jan.');
  });
});
