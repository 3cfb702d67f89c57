import { describe, expect, it } from 'vitest';

import { dayLabel, messageTime, shortStamp } from './chat-day';

// Local times, so the day boundaries are the runner's own whatever its time zone.
const now = new Date(2026, 11, 3, 15, 30);
const at = (year: number, month: number, day: number, hour = 12, minute = 0): string =>
  new Date(year, month, day, hour, minute).toISOString();

describe('dayLabel', () => {
  it('says today and yesterday in the locale’s words, capitalised for a heading', () => {
    expect(dayLabel(at(2026, 11, 3, 0, 5), 'en', now)).toBe('Today');
    expect(dayLabel(at(2026, 11, 2, 23, 59), 'en', now)).toBe('Yesterday');
    expect(dayLabel(at(2026, 11, 3), 'de', now)).toBe('Heute');
    expect(dayLabel(at(2026, 11, 2), 'de', now)).toBe('Gestern');
    expect(dayLabel(at(2026, 11, 3), 'ar', now)).toBe('اليوم');
    expect(dayLabel(at(2026, 11, 2), 'ar', now)).toBe('أمس');
  });

  it('gives older days as the locale writes a date, with the year only when it is another', () => {
    expect(dayLabel(at(2026, 10, 28), 'en', now)).toBe('Sat, Nov 28');
    expect(dayLabel(at(2026, 10, 28), 'de', now)).toBe('Sa., 28. Nov.');
    expect(dayLabel(at(2025, 10, 28), 'en', now)).toBe('Fri, Nov 28, 2025');
    expect(dayLabel(at(2026, 10, 28), 'ar', now)).toContain('نوفمبر');
  });
});

describe('message times', () => {
  it('follow the locale’s clock', () => {
    expect(messageTime(at(2026, 11, 3, 14, 5), 'en')).toMatch(/^2:05\s?PM$/);
    expect(messageTime(at(2026, 11, 3, 14, 5), 'de')).toBe('14:05');
  });

  it('show the time for today and the date before, in lists', () => {
    expect(shortStamp(at(2026, 11, 3, 9, 0), 'de', now)).toBe('09:00');
    expect(shortStamp(at(2026, 10, 28), 'de', now)).toBe('28. Nov.');
    expect(shortStamp(at(2026, 10, 28), 'en', now)).toBe('Nov 28');
  });
});
