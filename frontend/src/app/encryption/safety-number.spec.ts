import { describe, expect, it } from 'vitest';

import type { PublicJwk } from '@contracts/encryption';

import { safetyNumber } from './safety-number';

const key = (n: number): PublicJwk => ({ kty: 'EC', crv: 'P-256', x: `x${n}`.padEnd(43, 'A'), y: `y${n}`.padEnd(43, 'B') });

describe('safetyNumber', () => {
  it('reads as 12 groups of 5 digits', async () => {
    expect(await safetyNumber('u2', [key(1)])).toMatch(/^\d{5}( \d{5}){11}$/);
  });

  it('is the same however the devices are listed, and each time', async () => {
    const first = await safetyNumber('u2', [key(1), key(2), key(3)]);
    expect(await safetyNumber('u2', [key(3), key(1), key(2)])).toBe(first);
    expect(await safetyNumber('u2', [key(1), key(2), key(3)])).toBe(first);
  });

  it('changes when a device is added or removed, and differs between people', async () => {
    const two = await safetyNumber('u2', [key(1), key(2)]);
    expect(await safetyNumber('u2', [key(1), key(2), key(3)])).not.toBe(two);
    expect(await safetyNumber('u2', [key(1)])).not.toBe(two);
    expect(await safetyNumber('u3', [key(1), key(2)])).not.toBe(two);
  });
});
