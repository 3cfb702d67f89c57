import { describe, expect, it } from 'vitest';

import { safetyNumber } from './safety-number';

const device = (n: number): { id: string; signingPublicKey: { kty: 'EC'; crv: 'P-256'; x: string; y: string } } => ({
  id: `device-${n}`.padEnd(22, '0'),
  signingPublicKey: { kty: 'EC', crv: 'P-256', x: `x${n}`.padEnd(43, 'A'), y: `y${n}`.padEnd(43, 'B') },
});

describe('safetyNumber', () => {
  it('reads as 12 groups of 5 digits', async () => {
    expect(await safetyNumber('u2', [device(1)])).toMatch(/^\d{5}( \d{5}){11}$/);
  });

  it('is the same however the devices are listed, and each time', async () => {
    const first = await safetyNumber('u2', [device(1), device(2), device(3)]);
    expect(await safetyNumber('u2', [device(3), device(1), device(2)])).toBe(first);
    expect(await safetyNumber('u2', [device(1), device(2), device(3)])).toBe(first);
  });

  it('changes when a device is added or removed, and differs between people', async () => {
    const two = await safetyNumber('u2', [device(1), device(2)]);
    expect(await safetyNumber('u2', [device(1), device(2), device(3)])).not.toBe(two);
    expect(await safetyNumber('u2', [device(1)])).not.toBe(two);
    expect(await safetyNumber('u3', [device(1), device(2)])).not.toBe(two);
  });

  it('follows docs/encryption.md: SHA-256 of the sorted device lines, 16 bits per group', async () => {
    const text = `corkboard/safety/v1\nu2\n${[device(1), device(2)].map((d) => `${d.id}:${d.signingPublicKey.x}:${d.signingPublicKey.y}`).join('\n')}`;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
    const expected = Array.from({ length: 12 }, (_, i) => String((digest[2 * i] << 8) | digest[2 * i + 1]).padStart(5, '0')).join(' ');
    expect(await safetyNumber('u2', [device(2), device(1)])).toBe(expected);
  });
});
