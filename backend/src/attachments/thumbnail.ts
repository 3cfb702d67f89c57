import sharp from 'sharp';
import { UndecodableImageError } from './attachments.errors';

export const THUMBNAIL_SIZE = 320;
/** Images the server makes thumbnails of: the ones browsers may show inline. */
export const THUMBNAIL_SOURCE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
// 40 megapixels (an 8K photo is 33): a small file that decodes to more is a decompression bomb.
const MAX_INPUT_PIXELS = 40_000_000;

export interface Thumbnail {
  data: Buffer;
  width: number;
  height: number;
}

/** Fits within 320×320 (never enlarged), upright per EXIF, as WebP. 415 when it does not decode. */
export async function makeThumbnail(image: Buffer, mime: string): Promise<Thumbnail> {
  try {
    const { data, info } = await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch {
    throw new UndecodableImageError(mime);
  }
}
