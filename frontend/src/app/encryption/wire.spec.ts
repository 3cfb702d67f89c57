import { describe, expect, it } from 'vitest';

import type { EncryptedContent, WrappedKey } from '@contracts/encryption';

import { toBase64Url } from './base64url';
import {
  type NewDeviceKeys,
  decryptMessage,
  encryptMessage,
  generateContentKey,
  generateDeviceKeys,
  importDevicePublicKeys,
  unwrapContentKey,
  wrapContentKey,
} from './wire';

const CONVERSATION = 'c1';
const KEY_ID = 'key-0123456789abcdef';

async function device(id: string): Promise<{ id: string; keys: NewDeviceKeys }> {
  return { id, keys: await generateDeviceKeys() };
}

async function raw(key: CryptoKey): Promise<string> {
  return toBase64Url(await crypto.subtle.exportKey('raw', key));
}

/** Flips one bit of a base64url field, keeping it valid base64url. */
function tamper(field: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const at = Math.floor(field.length / 2);
  const flipped = alphabet[alphabet.indexOf(field[at]) ^ 1];
  return field.slice(0, at) + flipped + field.slice(at + 1);
}

describe('wire algorithm', () => {
  it('wraps a content key on one device and unwraps the same key on another', async () => {
    const alice = await device('alice-device-0001');
    const bob = await device('bob-device-000001');
    const contentKey = await generateContentKey();

    const wrapped = await wrapContentKey(
      CONVERSATION,
      KEY_ID,
      contentKey,
      { deviceId: alice.id, secrets: alice.keys.secrets },
      { deviceId: bob.id, keys: await importDevicePublicKeys(bob.keys) },
    );
    const unwrapped = await unwrapContentKey(CONVERSATION, KEY_ID, wrapped, bob.keys.secrets, await importDevicePublicKeys(alice.keys));

    expect(wrapped).toMatchObject({ deviceId: bob.id, senderDeviceId: alice.id });
    expect(wrapped.wrappedKey).toMatch(/^[A-Za-z0-9_-]{54}$/); // 40 bytes
    expect(wrapped.signature).toMatch(/^[A-Za-z0-9_-]{86}$/); // 64 bytes, P1363
    expect(await raw(unwrapped)).toBe(await raw(contentKey));
  });

  it('keeps private device keys non-extractable', async () => {
    const { keys } = await device('alice-device-0001');
    expect(keys.secrets.ecdh.privateKey.extractable).toBe(false);
    expect(keys.secrets.signing.privateKey.extractable).toBe(false);
    expect(Object.keys(keys.ecdhPublicKey).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(keys.ecdhPublicKey.x).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  describe('refuses a wrap', () => {
    async function wrapForBob(): Promise<{
      wrapped: WrappedKey;
      alice: { id: string; keys: NewDeviceKeys };
      bob: { id: string; keys: NewDeviceKeys };
    }> {
      const alice = await device('alice-device-0001');
      const bob = await device('bob-device-000001');
      const wrapped = await wrapContentKey(
        CONVERSATION,
        KEY_ID,
        await generateContentKey(),
        { deviceId: alice.id, secrets: alice.keys.secrets },
        { deviceId: bob.id, keys: await importDevicePublicKeys(bob.keys) },
      );
      return { wrapped, alice, bob };
    }

    it('whose signature was tampered with', async () => {
      const { wrapped, alice, bob } = await wrapForBob();
      const forged = { ...wrapped, signature: tamper(wrapped.signature) };
      await expect(
        unwrapContentKey(CONVERSATION, KEY_ID, forged, bob.keys.secrets, await importDevicePublicKeys(alice.keys)),
      ).rejects.toThrow();
    });

    it('whose wrapped key was swapped', async () => {
      const { wrapped, alice, bob } = await wrapForBob();
      const swapped = { ...wrapped, wrappedKey: tamper(wrapped.wrappedKey) };
      await expect(
        unwrapContentKey(CONVERSATION, KEY_ID, swapped, bob.keys.secrets, await importDevicePublicKeys(alice.keys)),
      ).rejects.toThrow();
    });

    it('replayed into another conversation or under another key id', async () => {
      const { wrapped, alice, bob } = await wrapForBob();
      const aliceKeys = await importDevicePublicKeys(alice.keys);
      await expect(unwrapContentKey('c2', KEY_ID, wrapped, bob.keys.secrets, aliceKeys)).rejects.toThrow();
      await expect(unwrapContentKey(CONVERSATION, 'key-other-0123456789', wrapped, bob.keys.secrets, aliceKeys)).rejects.toThrow();
    });

    it('signed by a device other than the one it names', async () => {
      const { wrapped, bob } = await wrapForBob();
      const mallory = await device('mallory-device-01');
      await expect(
        unwrapContentKey(CONVERSATION, KEY_ID, wrapped, bob.keys.secrets, await importDevicePublicKeys(mallory.keys)),
      ).rejects.toThrow();
    });
  });

  describe('messages', () => {
    async function sealed(): Promise<{ content: EncryptedContent; key: CryptoKey; signing: CryptoKey }> {
      const alice = await device('alice-device-0001');
      const key = await generateContentKey();
      const content = await encryptMessage(
        CONVERSATION,
        KEY_ID,
        key,
        { deviceId: alice.id, secrets: alice.keys.secrets },
        { v: 1, text: 'meet at 6 ✓' },
      );
      return { content, key, signing: (await importDevicePublicKeys(alice.keys)).signing };
    }

    it('opens with the content key and the sender device signing key', async () => {
      const { content, key, signing } = await sealed();
      expect(content.iv).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(content.ciphertext).not.toContain('meet');
      expect(await decryptMessage(CONVERSATION, content, key, signing)).toEqual({ v: 1, text: 'meet at 6 ✓' });
    });

    it('refuses a tampered signature, ciphertext or a replay into another conversation', async () => {
      const { content, key, signing } = await sealed();
      await expect(decryptMessage(CONVERSATION, { ...content, signature: tamper(content.signature) }, key, signing)).rejects.toThrow();
      await expect(decryptMessage(CONVERSATION, { ...content, ciphertext: tamper(content.ciphertext) }, key, signing)).rejects.toThrow();
      await expect(decryptMessage('c2', content, key, signing)).rejects.toThrow();
    });

    it('refuses a message signed by another device', async () => {
      const { content, key } = await sealed();
      const mallory = await importDevicePublicKeys((await device('mallory-device-01')).keys);
      await expect(decryptMessage(CONVERSATION, content, key, mallory.signing)).rejects.toThrow();
    });
  });
});
