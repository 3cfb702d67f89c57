import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { assertBlobKey, BlobStorage } from './blob-storage';

/** Files under `<dir>` named by their key; written to a temporary name and renamed, so readers never see half a file. */
export class FsBlobStorage extends BlobStorage {
  private ready: Promise<unknown> | undefined;

  constructor(private readonly dir: string) {
    super();
  }

  async put(key: string, body: Readable): Promise<void> {
    assertBlobKey(key);
    await (this.ready ??= mkdir(this.dir, { recursive: true }));
    const partial = join(this.dir, `.${randomUUID()}.part`);
    try {
      await pipeline(body, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
      await rename(partial, join(this.dir, key));
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Readable | undefined> {
    assertBlobKey(key);
    const path = join(this.dir, key);
    try {
      await stat(path);
    } catch {
      return undefined;
    }
    return createReadStream(path);
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await rm(join(this.dir, key), { force: true });
  }
}
