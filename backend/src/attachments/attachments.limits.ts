import type { RateLimitRule } from '../rate-limit/rate-limit.rule';

export const UPLOAD_LIMIT: RateLimitRule = {
  bucket: 'attachments',
  limit: (config) => config.attachments.uploadRateLimit,
  windowMs: 60_000,
};

/** Multipart framing around the file: boundaries and part headers, with room for a long file name. */
export const MULTIPART_OVERHEAD_BYTES = 16 * 1024;
