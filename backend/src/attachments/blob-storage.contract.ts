import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { BlobStorage } from './blob-storage';
import { thumbnailKey } from './blob-storage';

/** Behaviour every BlobStorage adapter must have. */
export function blobStorageContract(make: () => BlobStorage): void {
  it('stores streamed bytes and gives them back exactly', async () => {
    const storage = make();
    const key = randomUUID();
    const chunks = Array.from({ length: 40 }, (_, index) => Buffer.alloc(64 * 1024, index));
    await storage.put(key, Readable.from(chunks));
    const body = await storage.get(key);
    expect(body).toBeDefined();
    expect((await buffer(body!)).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('has nothing for unknown keys, and deletes idempotently', async () => {
    const storage = make();
    const key = randomUUID();
    await expect(storage.get(key)).resolves.toBeUndefined();
    await storage.put(key, Readable.from([Buffer.from('x')]));
    await storage.put(thumbnailKey(key), Readable.from([Buffer.from('t')]));
    await storage.delete(key);
    await storage.delete(key);
    await expect(storage.get(key)).resolves.toBeUndefined();
    expect((await buffer((await storage.get(thumbnailKey(key)))!)).toString()).toBe('t');
  });

  it('leaves nothing behind when the stream fails', async () => {
    const storage = make();
    const key = randomUUID();
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024, 1));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(storage.put(key, failing)).rejects.toThrow();
    await expect(storage.get(key)).resolves.toBeUndefined();
  });

  it('refuses keys it did not make', async () => {
    const storage = make();
    await expect(storage.put('../../etc/passwd', Readable.from([Buffer.from('x')]))).rejects.toThrow(/not a blob key/);
    await expect(storage.get('../x')).rejects.toThrow(/not a blob key/);
  });
}
