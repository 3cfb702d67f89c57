import { describe, expect, it } from 'vitest';

import { compareEventIds } from '@contracts/event-id';

describe('compareEventIds (contracts/event-id.ts)', () => {
  it('orders ids as numbers, milliseconds first, then the sequence', () => {
    expect(compareEventIds('1000-0', '999-5')).toBe(1);
    expect(compareEventIds('1000-2', '1000-10')).toBe(-1);
    expect(compareEventIds('1000-3', '1000-3')).toBe(0);
    expect(compareEventIds('1763790000000-0', '1763790000001-0')).toBe(-1);
    expect(compareEventIds('18446744073709551615-0', '9-0')).toBe(1);
  });
});
