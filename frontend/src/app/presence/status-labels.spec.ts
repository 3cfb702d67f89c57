import { describe, expect, it } from 'vitest';

import { sinceLabel } from './status-labels';

describe('sinceLabel', () => {
  const now = new Date(2026, 11, 3, 15, 0);

  it('says only the time for today, in the locale’s clock', () => {
    expect(sinceLabel(new Date(2026, 11, 3, 14, 5).toISOString(), 'de', now)).toBe('14:05');
    // ICU versions differ in the space before PM (plain or narrow no-break).
    expect(sinceLabel(new Date(2026, 11, 3, 14, 5).toISOString(), 'en', now).replace(/\s/g, ' ')).toBe('2:05 PM');
  });

  it('adds the day before today, and nothing for a broken date', () => {
    expect(sinceLabel(new Date(2026, 10, 21, 10, 42).toISOString(), 'de', now)).toBe('21. Nov., 10:42');
    expect(sinceLabel('not a date', 'de', now)).toBe('');
  });
});
