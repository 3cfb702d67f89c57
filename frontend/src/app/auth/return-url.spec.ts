import { describe, expect, it } from 'vitest';

import { safeReturnUrl } from './return-url';

describe('safeReturnUrl', () => {
  it('keeps in-app paths', () => {
    expect(safeReturnUrl('/boards?tab=mine')).toBe('/boards?tab=mine');
  });

  it.each([undefined, null, '', 'https://evil.example', '//evil.example', '/\\evil.example', '/login', '/register'])(
    'falls back to /boards for %s',
    (url) => {
      expect(safeReturnUrl(url)).toBe('/boards');
    },
  );
});
