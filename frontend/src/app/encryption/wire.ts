import {
  type EncryptedContent,
  type EncryptedMessageBody,
  type PublicJwk,
  WRAP_INFO,
  type WrappedKey,
  messageSignedBytes,
  wrapSignedBytes,
} from '@contracts/encryption';

import { fromBase64Url, toBase64Url, utf8 } from './base64url';

// The wire algorithm of docs/encryption.md. Every step here must match the server's test
// device byte for byte: change it only together with that document.

const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNATURE = { name: 'ECDSA', hash: 'SHA-256' } as const;
const IV_BYTES = 12;
/** HKDF salt of a wrap: none (32 zero bytes, as RFC 5869 reads an absent salt); the info carries the context. */
const WRAP_SALT = new Uint8Array(32);

/** This browser's private keys for one user: non-extractable, kept in IndexedDB by structured clone. */
export interface DeviceSecrets {
  readonly ecdh: CryptoKeyPair;
  readonly signing: CryptoKeyPair;
}

/** The halves of a device its peers need: to wrap keys for it, and to check what it signs. */
export interface DevicePublicKeys {
  readonly ecdh: CryptoKey;
  readonly signing: CryptoKey;
}

export interface NewDeviceKeys {
  secrets: DeviceSecrets;
  ecdhPublicKey: PublicJwk;
  signingPublicKey: PublicJwk;
}

export async function generateDeviceKeys(): Promise<NewDeviceKeys> {
  // extractable false applies to the private keys; public keys are always exportable.
  const ecdh = await crypto.subtle.generateKey(ECDH, false, ['deriveBits']);
  const signing = await crypto.subtle.generateKey(ECDSA, false, ['sign', 'verify']);
  return {
    secrets: { ecdh, signing },
    ecdhPublicKey: await exportPublic(ecdh.publicKey),
    signingPublicKey: await exportPublic(signing.publicKey),
  };
}

async function exportPublic(key: CryptoKey): Promise<PublicJwk> {
  const { x, y } = await crypto.subtle.exportKey('jwk', key);
  return { kty: 'EC', crv: 'P-256', x: x!, y: y! };
}

export async function importDevicePublicKeys(device: { ecdhPublicKey: PublicJwk; signingPublicKey: PublicJwk }): Promise<DevicePublicKeys> {
  const jwk = (key: PublicJwk): JsonWebKey => ({ kty: key.kty, crv: key.crv, x: key.x, y: key.y, ext: true });
  return {
    ecdh: await crypto.subtle.importKey('jwk', jwk(device.ecdhPublicKey), ECDH, true, []),
    signing: await crypto.subtle.importKey('jwk', jwk(device.signingPublicKey), ECDSA, true, ['verify']),
  };
}

/** A conversation's content key: extractable only so that it can be wrapped for more devices. */
export function generateContentKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
}

/** HKDF `info` of a wrap: the key is bound to its conversation and id. */
export function wrapInfo(conversationId: string, keyId: string): string {
  return `${WRAP_INFO}\n${conversationId}\n${keyId}`;
}

/** ECDH(one device's private key, the other's public key) → HKDF-SHA-256 → an AES-KW key; the same from either side. */
async function keyWrappingKey(ownEcdh: CryptoKey, peerEcdh: CryptoKey, conversationId: string, keyId: string): Promise<CryptoKey> {
  const secret = await crypto.subtle.deriveBits({ name: 'ECDH', public: peerEcdh }, ownEcdh, 256);
  const hkdf = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: WRAP_SALT, info: utf8(wrapInfo(conversationId, keyId)) },
    hkdf,
    { name: 'AES-KW', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

export interface Sender {
  readonly deviceId: string;
  readonly secrets: DeviceSecrets;
}

export interface Recipient {
  readonly deviceId: string;
  readonly keys: DevicePublicKeys;
}

export async function wrapContentKey(
  conversationId: string,
  keyId: string,
  contentKey: CryptoKey,
  sender: Sender,
  recipient: Recipient,
): Promise<WrappedKey> {
  const kek = await keyWrappingKey(sender.secrets.ecdh.privateKey, recipient.keys.ecdh, conversationId, keyId);
  const wrapped = {
    deviceId: recipient.deviceId,
    senderDeviceId: sender.deviceId,
    wrappedKey: toBase64Url(await crypto.subtle.wrapKey('raw', contentKey, kek, 'AES-KW')),
  };
  const signature = await crypto.subtle.sign(
    SIGNATURE,
    sender.secrets.signing.privateKey,
    utf8(wrapSignedBytes(conversationId, keyId, wrapped)),
  );
  return { ...wrapped, signature: toBase64Url(signature) };
}

/** Rejects when the signature is not the sender device's or the wrap does not open: never a key a server slipped in. */
export async function unwrapContentKey(
  conversationId: string,
  keyId: string,
  wrapped: WrappedKey,
  own: DeviceSecrets,
  senderKeys: DevicePublicKeys,
): Promise<CryptoKey> {
  const signed = utf8(wrapSignedBytes(conversationId, keyId, wrapped));
  if (!(await crypto.subtle.verify(SIGNATURE, senderKeys.signing, fromBase64Url(wrapped.signature), signed))) {
    throw new Error('wrap signature refused');
  }
  const kek = await keyWrappingKey(own.ecdh.privateKey, senderKeys.ecdh, conversationId, keyId);
  return crypto.subtle.unwrapKey('raw', fromBase64Url(wrapped.wrappedKey), kek, 'AES-KW', { name: 'AES-GCM', length: 256 }, true, [
    'encrypt',
    'decrypt',
  ]);
}

export async function encryptMessage(
  conversationId: string,
  keyId: string,
  contentKey: CryptoKey,
  sender: Sender,
  body: EncryptedMessageBody,
): Promise<EncryptedContent> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, contentKey, utf8(JSON.stringify(body)));
  const content = { keyId, senderDeviceId: sender.deviceId, iv: toBase64Url(iv), ciphertext: toBase64Url(ciphertext) };
  const signature = await crypto.subtle.sign(
    SIGNATURE,
    sender.secrets.signing.privateKey,
    utf8(messageSignedBytes(conversationId, content)),
  );
  return { ...content, signature: toBase64Url(signature) };
}

/** Rejects on a wrong signature, a wrong key, tampered bytes or a body that is not one. */
export async function decryptMessage(
  conversationId: string,
  content: EncryptedContent,
  contentKey: CryptoKey,
  senderSigningKey: CryptoKey,
): Promise<EncryptedMessageBody> {
  const signed = utf8(messageSignedBytes(conversationId, content));
  if (!(await crypto.subtle.verify(SIGNATURE, senderSigningKey, fromBase64Url(content.signature), signed))) {
    throw new Error('message signature refused');
  }
  const iv = fromBase64Url(content.iv);
  if (iv.length !== IV_BYTES) {
    throw new Error('bad nonce');
  }
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, contentKey, fromBase64Url(content.ciphertext));
  const body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain)) as Partial<EncryptedMessageBody> | null;
  if (body?.v !== 1 || typeof body.text !== 'string' || (body.attachments !== undefined && !Array.isArray(body.attachments))) {
    throw new Error('not a message body');
  }
  return { v: 1, text: body.text, ...(body.attachments ? { attachments: body.attachments } : {}) };
}
