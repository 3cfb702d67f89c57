// Encrypted conversations: the server can't see an image, so the browser makes its preview.

/** The box a thumbnail fits in, as the server's thumbnails of board rooms do. */
export const THUMBNAIL_BOX = 320;

export interface Thumbnail {
  readonly blob: Blob;
  readonly width: number;
  readonly height: number;
}

/** Scales down (never up) to fit the box, keeping the aspect ratio; at least 1 px each way. */
export function fitWithin(width: number, height: number, box = THUMBNAIL_BOX): { width: number; height: number } {
  const scale = Math.min(1, box / width, box / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** A WebP (or JPEG where WebP can't be written) preview of an image; null when it can't be read as one. */
export async function makeThumbnail(image: Blob): Promise<Thumbnail | null> {
  if (!image.type.startsWith('image/') || typeof createImageBitmap !== 'function') {
    return null;
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(image);
  } catch {
    return null;
  }
  try {
    const { width, height } = fitWithin(bitmap.width, bitmap.height);
    const blob = (await encode(bitmap, width, height, 'image/webp')) ?? (await encode(bitmap, width, height, 'image/jpeg'));
    return blob ? { blob, width, height } : null;
  } finally {
    bitmap.close();
  }
}

/** null when the browser wrote another type than asked (it falls back to PNG silently). */
async function encode(bitmap: ImageBitmap, width: number, height: number, type: string): Promise<Blob | null> {
  const blob =
    typeof OffscreenCanvas === 'function'
      ? await encodeOffscreen(bitmap, width, height, type)
      : await encodeInPage(bitmap, width, height, type);
  return blob?.type === type ? blob : null;
}

async function encodeOffscreen(bitmap: ImageBitmap, width: number, height: number, type: string): Promise<Blob | null> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) {
    return null;
  }
  context.drawImage(bitmap, 0, 0, width, height);
  return canvas.convertToBlob({ type, quality: 0.8 });
}

function encodeInPage(bitmap: ImageBitmap, width: number, height: number, type: string): Promise<Blob | null> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) {
    return Promise.resolve(null);
  }
  context.drawImage(bitmap, 0, 0, width, height);
  return new Promise((resolve) => canvas.toBlob(resolve, type, 0.8));
}
