import { describe, expect, it } from 'vitest';

import { FileIntegrityError, fromBase64Url, openFile, openThumbnail, sealFile, sha256Hex, toBase64Url } from './file-cipher';

const bytes = (text: string): ArrayBuffer => new TextEncoder().encode(text).buffer;
const text = (buffer: ArrayBuffer): string => new TextDecoder().decode(buffer);

describe('file cipher', () => {
  it('round-trips a file and its thumbnail under one new key, each with its own nonce', async () => {
    const sealed = await sealFile(bytes('the quarterly plan'), bytes('tiny preview'));

    expect(text(sealed.ciphertext)).not.toContain('quarterly');
    expect(fromBase64Url(sealed.cipher.key)).toHaveLength(32);
    expect(fromBase64Url(sealed.cipher.iv)).toHaveLength(12);
    expect(sealed.thumbnail!.iv).not.toBe(sealed.cipher.iv);
    expect(sealed.cipher.sha256).toBe(await sha256Hex(bytes('the quarterly plan')));

    expect(text(await openFile(sealed.cipher, sealed.ciphertext))).toBe('the quarterly plan');
    expect(text(await openThumbnail(sealed.cipher.key, sealed.thumbnail!.iv, sealed.thumbnail!.ciphertext))).toBe('tiny preview');
  });

  it('uses a different key for every file', async () => {
    const [first, second] = await Promise.all([sealFile(bytes('same')), sealFile(bytes('same'))]);
    expect(first.cipher.key).not.toBe(second.cipher.key);
    expect(first.thumbnail).toBeNull();
  });

  it('refuses bytes changed in storage, and a file that is not the one the sender hashed', async () => {
    const sealed = await sealFile(bytes('pay 100 to alice'));
    const tampered = new Uint8Array(sealed.ciphertext.slice(0));
    tampered[0] ^= 1;
    await expect(openFile(sealed.cipher, tampered.buffer)).rejects.toBeInstanceOf(FileIntegrityError);

    const wrongHash = { ...sealed.cipher, sha256: await sha256Hex(bytes('pay 900 to mallory')) };
    await expect(openFile(wrongHash, sealed.ciphertext)).rejects.toBeInstanceOf(FileIntegrityError);

    const otherKey = (await sealFile(bytes('x'))).cipher.key;
    await expect(openFile({ ...sealed.cipher, key: otherKey }, sealed.ciphertext)).rejects.toBeInstanceOf(FileIntegrityError);
  });

  it('hashes to hex and encodes base64url without padding', async () => {
    expect(await sha256Hex(bytes('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const encoded = toBase64Url(new Uint8Array([251, 255, 191]).buffer);
    expect(encoded).toBe('-_-_');
    expect(Array.from(fromBase64Url(encoded))).toEqual([251, 255, 191]);
  });
});
