import type { Readable } from 'node:stream';

/**
 * Port: the bytes of attachments, by a key the server made (never a user's file name).
 * The filesystem adapter serves one pod or pods sharing a volume; the S3 adapter any number.
 */
export abstract class BlobStorage {
  /** Stores the stream under `key`; on any error nothing is left under it. */
  abstract put(key: string, body: Readable): Promise<void>;
  /** The stored bytes; undefined when there are none. */
  abstract get(key: string): Promise<Readable | undefined>;
  /** Idempotent. */
  abstract delete(key: string): Promise<void>;
}

/** Keys are UUIDs, optionally with a `.thumb` suffix: safe as file names and object keys. */
export const BLOB_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\.thumb)?$/;

export function assertBlobKey(key: string): void {
  if (!BLOB_KEY.test(key)) {
    throw new Error(`not a blob key: ${key.slice(0, 60)}`);
  }
}

export const thumbnailKey = (id: string): string => `${id}.thumb`;
