import { describe, expect, it } from 'vitest';

import { fileSize } from './file-size';

describe('fileSize', () => {
  it('reads sizes in the largest unit that keeps them short, one decimal under ten', () => {
    expect(fileSize(1_572_864, 'en')).toBe('1.5 MB');
    expect(fileSize(10 * 1024 * 1024, 'en')).toBe('10 MB');
    expect(fileSize(20_480, 'en')).toBe('20 kB');
    expect(fileSize(3 * 1024 ** 3, 'en')).toBe('3.0 GB');
  });

  it('writes numbers and units as the locale does', () => {
    expect(fileSize(1_572_864, 'de')).toBe('1,5 MB');
    expect(fileSize(1536, 'de')).toBe('1,5 kB');
    expect(fileSize(500, 'de')).toBe('500 Byte');
    expect(fileSize(1536, 'ar')).toMatch(/كيلوبايت/);
    expect(fileSize(10 * 1024 * 1024, 'ar')).not.toContain('MB');
  });
});
