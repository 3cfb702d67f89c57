import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import type { S3Config } from '../config/app-config';
import { assertBlobKey, BlobStorage } from './blob-storage';

/** One object per key in one bucket. Uploads stream in parts (lib-storage), so memory stays bounded. */
export class S3BlobStorage extends BlobStorage {
  private readonly client: S3Client;

  constructor(private readonly config: S3Config) {
    super();
    this.client = new S3Client({
      region: config.region,
      ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
      forcePathStyle: config.forcePathStyle,
      ...(config.accessKeyId === undefined || config.secretAccessKey === undefined
        ? {}
        : { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } }),
      // S3-compatible servers do not all know the newer default checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, body: Readable): Promise<void> {
    assertBlobKey(key);
    const upload = new Upload({ client: this.client, params: { Bucket: this.config.bucket, Key: key, Body: body } });
    try {
      await upload.done();
    } catch (error) {
      // A failed multipart upload is aborted by lib-storage; a failed single put leaves nothing.
      body.destroy();
      throw error;
    }
  }

  async get(key: string): Promise<Readable | undefined> {
    assertBlobKey(key);
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }));
      return answer.Body instanceof Readable ? answer.Body : undefined;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') {
        return undefined;
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key }));
  }

  destroy(): void {
    this.client.destroy();
  }
}
