import sharp, { type Sharp } from 'sharp';
import { UndecodableImageError } from './attachments.errors';
import { makeThumbnail } from './thumbnail';

const image = (width: number, height: number): Sharp =>
  sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } });

describe('makeThumbnail', () => {
  it('fits within 320×320 as WebP, never enlarging', async () => {
    const wide = await makeThumbnail(await image(1000, 500).png().toBuffer(), 'image/png');
    expect([wide.width, wide.height]).toEqual([320, 160]);
    expect((await sharp(wide.data).metadata()).format).toBe('webp');
    const small = await makeThumbnail(await image(40, 30).jpeg().toBuffer(), 'image/jpeg');
    expect([small.width, small.height]).toEqual([40, 30]);
  });

  it('turns the image upright by its EXIF orientation', async () => {
    // Stored 400×200 with orientation 6 (rotate 90°): upright it is 200×400.
    const rotated = await image(400, 200).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const thumb = await makeThumbnail(rotated, 'image/jpeg');
    expect([thumb.width, thumb.height]).toEqual([160, 320]);
  });

  it('refuses what does not decode, and decompression bombs', async () => {
    const truncated = (await image(100, 100).png().toBuffer()).subarray(0, 60);
    await expect(makeThumbnail(truncated, 'image/png')).rejects.toBeInstanceOf(UndecodableImageError);
    // 10,000 × 10,000 pixels of one colour: a few kB of PNG, 300 MB decoded.
    const bomb = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expect(makeThumbnail(bomb, 'image/png')).rejects.toBeInstanceOf(UndecodableImageError);
  });
});
