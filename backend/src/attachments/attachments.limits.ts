import type { RateLimitRule } from '../rate-limit/rate-limit.rule';

export const UPLOAD_LIMIT: RateLimitRule = {
  bucket: 'attachments',
  limit: (config) => config.attachments.uploadRateLimit,
  windowMs: 60_000,
};

/** Files and thumbnails one user may fetch a minute: a chat full of images stays far below it, a scraper does not. */
export const DOWNLOAD_LIMIT: RateLimitRule = { bucket: 'attachment-downloads', limit: () => 600, windowMs: 60_000 };

/** Multipart framing around the file: boundaries and part headers, with room for a long file name. */
export const MULTIPART_OVERHEAD_BYTES = 16 * 1024;
