import type { RateLimitRule } from '../rate-limit/rate-limit.rule';

// A user adds a device per browser profile: a low hourly budget still covers a reinstall spree.
export const DEVICE_LIMIT: RateLimitRule = { bucket: 'devices', limit: () => 60, windowMs: 3_600_000 };

// Each key request fans out to every participant's devices, which answer with wraps: kept low.
export const KEY_REQUEST_LIMIT: RateLimitRule = { bucket: 'key-requests', limit: () => 30, windowMs: 60_000 };

// New keys and wraps follow rotations and key requests.
export const CONTENT_KEY_LIMIT: RateLimitRule = { bucket: 'content-keys', limit: () => 60, windowMs: 60_000 };
