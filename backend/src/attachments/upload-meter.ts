import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { FileTooLargeError } from './attachments.errors';
import { SNIFF_BYTES, TextProbe } from './sniff';

/**
 * Sits between the request and storage: counts, hashes and keeps the first bytes for sniffing
 * while the file streams through, and fails the stream past the size limit or the quota.
 */
export class UploadMeter extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');
  private readonly text = new TextProbe();
  private readonly headChunks: Buffer[] = [];
  private headBytes = 0;

  constructor(
    private readonly maxBytes: number,
    /** Resolves once `total` bytes are reserved for the user; rejects when the quota is used up. */
    private readonly reserve: (total: number) => Promise<void>,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      done(new FileTooLargeError(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    this.text.feed(chunk);
    if (this.headBytes < SNIFF_BYTES) {
      this.headChunks.push(chunk);
      this.headBytes += chunk.length;
    }
    this.reserve(this.bytes).then(
      () => done(null, chunk),
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
    );
  }

  /** After the stream ended. */
  get head(): Buffer {
    return Buffer.concat(this.headChunks).subarray(0, SNIFF_BYTES);
  }

  get sha256(): string {
    return this.hash.digest('hex');
  }

  isText(): boolean {
    return this.text.isText();
  }
}
