import { describe, expect, it } from 'vitest';

import { agoText, untilText } from './when';

const now = Date.parse('2026-03-10T12:00:00Z');
const before = (ms: number) => new Date(now - ms).toISOString();
const after = (ms: number) => new Date(now + ms).toISOString();

describe('agoText', () => {
  it('says "just now" for the last minute, also for a clock slightly ahead', () => {
    expect(agoText(before(20_000), now, 'en')).toBe('just now');
    expect(agoText(after(5_000), now, 'en')).toBe('just now');
  });

  it('speaks the locale for minutes, hours and days', () => {
    expect(agoText(before(2 * 60_000), now, 'en')).toBe('2 minutes ago');
    expect(agoText(before(2 * 60_000), now, 'de')).toBe('vor 2 Minuten');
    expect(agoText(before(3 * 3_600_000), now, 'de')).toBe('vor 3 Stunden');
    expect(agoText(before(2 * 60_000), now, 'ar')).toMatch(/دقيقتين/);
  });

  it('gives the date past a week', () => {
    expect(agoText('2026-02-14T12:00:00Z', now, 'en')).toBe('Feb 14');
    expect(agoText('2026-02-14T12:00:00Z', now, 'de')).toBe('14. Feb.');
  });
});

describe('untilText', () => {
  it('counts whole days left, in the locale', () => {
    expect(untilText(after(29 * 86_400_000 - 1000), now, 'en')).toBe('in 29 days');
    expect(untilText(after(29 * 86_400_000), now, 'de')).toBe('in 29 Tagen');
  });

  it('says "within a day" for the last day and past the expiry', () => {
    expect(untilText(after(3_600_000), now, 'en')).toBe('within a day');
    expect(untilText(before(3_600_000), now, 'en')).toBe('within a day');
  });
});
