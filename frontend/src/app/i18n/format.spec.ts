import { describe, expect, it } from 'vitest';

import { relativeTime } from './format';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const now = Date.parse('2026-03-10T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();
const ahead = (ms: number) => new Date(now + ms).toISOString();

describe('relativeTime', () => {
  it('says "just now" for the last minute', () => {
    expect(relativeTime(ago(0), now, 'en')).toBe('just now');
    expect(relativeTime(ago(59 * SECOND), now, 'en')).toBe('just now');
    expect(relativeTime(ahead(30 * SECOND), now, 'en')).toBe('just now');
  });

  it('counts whole minutes from 60 seconds on, and whole hours from 60 minutes', () => {
    expect(relativeTime(ago(60 * SECOND), now, 'en')).toBe('1 minute ago');
    expect(relativeTime(ago(5 * MINUTE + 59 * SECOND), now, 'en')).toBe('5 minutes ago');
    expect(relativeTime(ago(59 * MINUTE + 59 * SECOND), now, 'en')).toBe('59 minutes ago');
    expect(relativeTime(ago(HOUR), now, 'en')).toBe('1 hour ago');
    expect(relativeTime(ago(23 * HOUR), now, 'en')).toBe('23 hours ago');
    expect(relativeTime(ago(23 * HOUR + 59 * MINUTE), now, 'en')).toBe('23 hours ago');
  });

  it('says "yesterday" after a day, then days up to a week', () => {
    expect(relativeTime(ago(DAY), now, 'en')).toBe('yesterday');
    expect(relativeTime(ago(3 * DAY), now, 'en')).toBe('3 days ago');
    expect(relativeTime(ago(6 * DAY), now, 'en')).toBe('6 days ago');
    expect(relativeTime(ago(6 * DAY + 23 * HOUR), now, 'en')).toBe('6 days ago');
  });

  it('gives the date from a week back, with the year only when it is not this year', () => {
    expect(relativeTime(ago(7 * DAY), now, 'en')).toBe('Mar 3');
    expect(relativeTime(ago(8 * DAY), now, 'en')).toBe('Mar 2');
    expect(relativeTime('2026-01-03T12:00:00Z', now, 'en')).toBe('Jan 3');
    expect(relativeTime('2025-11-03T12:00:00Z', now, 'en')).toBe('Nov 3, 2025');
  });

  it('counts the time left for the future, as far ahead as it is', () => {
    expect(relativeTime(ahead(MINUTE), now, 'en')).toBe('in 1 minute');
    expect(relativeTime(ahead(3 * HOUR + 59 * MINUTE), now, 'en')).toBe('in 3 hours');
    expect(relativeTime(ahead(DAY), now, 'en')).toBe('tomorrow');
    expect(relativeTime(ahead(3 * DAY), now, 'en')).toBe('in 3 days');
    expect(relativeTime(ahead(29 * DAY + 23 * HOUR), now, 'en')).toBe('in 29 days');
  });

  it('keeps a server time ahead of our clock at "just now" for what has already happened', () => {
    expect(relativeTime(ahead(3 * MINUTE), now, 'en', { past: true })).toBe('just now');
    expect(relativeTime(ago(3 * MINUTE), now, 'en', { past: true })).toBe('3 minutes ago');
  });

  it('reads a time it cannot parse as "just now"', () => {
    expect(relativeTime('not a date', now, 'en')).toBe('just now');
  });

  it('speaks German', () => {
    expect(relativeTime(ago(MINUTE), now, 'de')).toBe('vor 1 Minute');
    expect(relativeTime(ago(5 * MINUTE), now, 'de')).toBe('vor 5 Minuten');
    expect(relativeTime(ago(23 * HOUR), now, 'de')).toBe('vor 23 Stunden');
    expect(relativeTime(ago(DAY), now, 'de')).toBe('gestern');
    expect(relativeTime(ago(6 * DAY), now, 'de')).toBe('vor 6 Tagen');
    expect(relativeTime(ago(8 * DAY), now, 'de')).toBe('2. März');
    expect(relativeTime('2025-11-03T12:00:00Z', now, 'de')).toBe('3. Nov. 2025');
    expect(relativeTime(ahead(DAY), now, 'de')).toBe('morgen');
    expect(relativeTime(ahead(29 * DAY), now, 'de')).toBe('in 29 Tagen');
  });

  it('speaks Arabic with its singular, dual and plural forms', () => {
    expect(relativeTime(ago(MINUTE), now, 'ar')).toBe('قبل دقيقة واحدة');
    expect(relativeTime(ago(2 * MINUTE), now, 'ar')).toBe('قبل دقيقتين');
    expect(relativeTime(ago(5 * MINUTE), now, 'ar')).toBe('قبل 5 دقائق');
    expect(relativeTime(ago(11 * MINUTE), now, 'ar')).toBe('قبل 11 دقيقة');
    expect(relativeTime(ago(2 * HOUR), now, 'ar')).toBe('قبل ساعتين');
    expect(relativeTime(ago(DAY), now, 'ar')).toBe('أمس');
    expect(relativeTime(ago(6 * DAY), now, 'ar')).toBe('قبل 6 أيام');
    expect(relativeTime(ago(8 * DAY), now, 'ar')).toBe('2 مارس');
    expect(relativeTime('2025-11-03T12:00:00Z', now, 'ar')).toBe('3 نوفمبر 2025');
    expect(relativeTime(ahead(3 * DAY), now, 'ar')).toBe('خلال 3 أيام');
    expect(relativeTime(ahead(11 * DAY), now, 'ar')).toBe('خلال 11 يومًا');
  });
});
