import { compareIds, isAfter, nextId } from './stream-id';

describe('stream ids', () => {
  it('orders by milliseconds, then by sequence, numerically', () => {
    expect(compareIds('1000-0', '999-5')).toBe(1);
    expect(compareIds('1000-2', '1000-10')).toBe(-1);
    expect(compareIds('1000-3', '1000-3')).toBe(0);
    expect(compareIds('1000-9', '1000-10')).toBe(-1);
    expect(compareIds('0-0', '5-0')).toBe(-1);
    expect(compareIds('1763790000001-0', '1763790000000-99')).toBe(1);
    expect(isAfter('1763790000000-1', '1763790000000-0')).toBe(true);
  });

  it('makes increasing ids even when the clock stands still or goes back', () => {
    expect(nextId('0-0', 1000)).toBe('1000-0');
    expect(nextId('1000-0', 1000)).toBe('1000-1');
    expect(nextId('1000-1', 900)).toBe('1000-2');
  });
});
