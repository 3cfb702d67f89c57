import { blobStorageContract } from '../src/attachments/blob-storage.contract';
import { S3BlobStorage } from '../src/attachments/blob-storage.s3';
import { loadConfig } from '../src/config/app-config';
import { startS3Server, type S3Server } from './support/s3-server';

/** The BlobStorage contract (also run on the filesystem adapter, beside it) against a real S3-compatible server. */
describe('BlobStorage contract: S3 adapter on s3rver', () => {
  let server: S3Server;
  const adapters: S3BlobStorage[] = [];

  beforeAll(async () => {
    server = await startS3Server();
  });

  afterAll(async () => {
    adapters.forEach((adapter) => adapter.destroy());
    await server.stop();
  });

  blobStorageContract(() => {
    const { s3 } = loadConfig({ NODE_ENV: 'test', ...server.env }).attachments;
    const adapter = new S3BlobStorage(s3!);
    adapters.push(adapter);
    return adapter;
  });
});
