import { describe, expect, it } from 'vitest';

import { fitWithin, makeThumbnail } from './thumbnail';

describe('thumbnails made in the browser', () => {
  it('fit 320×320, keeping the shape, and never grow a small image', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 320, height: 240 });
    expect(fitWithin(1000, 5000)).toEqual({ width: 64, height: 320 });
    expect(fitWithin(200, 100)).toEqual({ width: 200, height: 100 });
    expect(fitWithin(10_000, 10)).toEqual({ width: 320, height: 1 });
  });

  it('are only made of images', async () => {
    expect(await makeThumbnail(new Blob(['%PDF-1.7'], { type: 'application/pdf' }))).toBeNull();
  });
});
