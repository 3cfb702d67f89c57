import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { blobStorageContract } from './blob-storage.contract';
import { FsBlobStorage } from './blob-storage.fs';

describe('FsBlobStorage', () => {
  const root = mkdtempSync(join(tmpdir(), 'corkboard-blobs-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  blobStorageContract(() => new FsBlobStorage(join(root, randomUUID())));

  it('names files by key only, with no partial file left after a failure', async () => {
    const dir = join(root, randomUUID());
    const storage = new FsBlobStorage(dir);
    const key = randomUUID();
    await storage.put(key, Readable.from([Buffer.from('ok')]));
    const failing = new Readable({
      read() {
        this.destroy(new Error('boom'));
      },
    });
    await expect(storage.put(randomUUID(), failing)).rejects.toThrow('boom');
    expect(readdirSync(dir)).toEqual([key]);
  });
});
