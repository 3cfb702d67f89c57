import {
  type EncryptedContent,
  type EncryptedMessageBody,
  messageSignedBytes,
  type PublicJwk,
  type PublishDeviceRequest,
  WRAP_INFO,
  type WrappedKey,
  wrapSignedBytes,
} from '../../../contracts/encryption';
import { type webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
type JsonWebKey = webcrypto.JsonWebKey;

/**
 * A device of an end-to-end encrypted conversation made with WebCrypto exactly as the browser
 * makes it (docs/encryption.md, "The algorithm, exactly"): the tests speak to the server only
 * in what a real browser would send, and prove the documented algorithm round-trips.
 */
const subtle = globalThis.crypto.subtle;
const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);
export const base64Url = (bytes: ArrayBuffer | Uint8Array): string => Buffer.from(bytes as ArrayBuffer).toString('base64url');
const fromBase64Url = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(text, 'base64url'));
export const randomId = (): string => base64Url(globalThis.crypto.getRandomValues(new Uint8Array(16)));

/** A content key as a device holds it, with the id the server knows it by. */
export interface ContentKey {
  keyId: string;
  key: CryptoKey;
}

/** What another device has published: enough to wrap for it and to check its signatures. */
export interface PeerDevice {
  id: string;
  ecdhPublicKey: PublicJwk;
  signingPublicKey: PublicJwk;
}

const publicMembers = (jwk: JsonWebKey): PublicJwk => ({ kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! });

async function keyEncryptionKey(myEcdh: CryptoKey, theirs: PublicJwk, conversationId: string, keyId: string): Promise<CryptoKey> {
  const theirKey = await subtle.importKey('jwk', theirs, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const shared = await subtle.deriveBits({ name: 'ECDH', public: theirKey }, myEcdh, 256);
  const hkdfKey = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: utf8(`${WRAP_INFO}\n${conversationId}\n${keyId}`) },
    hkdfKey,
    { name: 'AES-KW', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

export async function verifySignature(signingKey: PublicJwk, text: string, signature: string): Promise<boolean> {
  const key = await subtle.importKey('jwk', signingKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  return subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, fromBase64Url(signature), utf8(text));
}

export class E2eeDevice implements PeerDevice {
  private constructor(
    readonly id: string,
    private readonly ecdh: CryptoKeyPair,
    private readonly signing: CryptoKeyPair,
    readonly ecdhPublicKey: PublicJwk,
    readonly signingPublicKey: PublicJwk,
  ) {}

  static async create(id = randomId()): Promise<E2eeDevice> {
    const ecdh = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
    const signing = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const ecdhPublic = publicMembers(await subtle.exportKey('jwk', ecdh.publicKey));
    const signingPublic = publicMembers(await subtle.exportKey('jwk', signing.publicKey));
    return new E2eeDevice(id, ecdh, signing, ecdhPublic, signingPublic);
  }

  publishRequest(name = 'Test device'): PublishDeviceRequest {
    return { ecdhPublicKey: this.ecdhPublicKey, signingPublicKey: this.signingPublicKey, name };
  }

  static async newContentKey(): Promise<ContentKey> {
    return { keyId: randomId(), key: await subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']) };
  }

  async sign(text: string): Promise<string> {
    return base64Url(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, this.signing.privateKey, utf8(text)));
  }

  async wrapFor(recipient: PeerDevice, conversationId: string, contentKey: ContentKey): Promise<WrappedKey> {
    const kek = await keyEncryptionKey(this.ecdh.privateKey, recipient.ecdhPublicKey, conversationId, contentKey.keyId);
    const wrappedKey = base64Url(await subtle.wrapKey('raw', contentKey.key, kek, 'AES-KW'));
    const unsigned = { deviceId: recipient.id, senderDeviceId: this.id, wrappedKey };
    return { ...unsigned, signature: await this.sign(wrapSignedBytes(conversationId, contentKey.keyId, unsigned)) };
  }

  async wrapForAll(recipients: PeerDevice[], conversationId: string, contentKey: ContentKey): Promise<WrappedKey[]> {
    return Promise.all(recipients.map((recipient) => this.wrapFor(recipient, conversationId, contentKey)));
  }

  /** Checks the wrap's signature with the sender's signing key first, as a browser must. */
  async unwrap(wrapped: WrappedKey, sender: PeerDevice, conversationId: string, keyId: string): Promise<ContentKey> {
    const { signature, ...unsigned } = wrapped;
    if (!(await verifySignature(sender.signingPublicKey, wrapSignedBytes(conversationId, keyId, unsigned), signature))) {
      throw new Error('the wrap is not signed by its sender device');
    }
    const kek = await keyEncryptionKey(this.ecdh.privateKey, sender.ecdhPublicKey, conversationId, keyId);
    const key = await subtle.unwrapKey('raw', fromBase64Url(wrapped.wrappedKey), kek, 'AES-KW', { name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
      'decrypt',
    ]);
    return { keyId, key };
  }

  async encrypt(conversationId: string, contentKey: ContentKey, body: EncryptedMessageBody): Promise<EncryptedContent> {
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
    const ciphertext = await subtle.encrypt({ name: 'AES-GCM', iv }, contentKey.key, utf8(JSON.stringify(body)));
    const unsigned = { keyId: contentKey.keyId, senderDeviceId: this.id, iv: base64Url(iv), ciphertext: base64Url(ciphertext) };
    return { ...unsigned, signature: await this.sign(messageSignedBytes(conversationId, unsigned)) };
  }

  static async decrypt(
    conversationId: string,
    contentKey: ContentKey,
    content: EncryptedContent,
    sender: PeerDevice,
  ): Promise<EncryptedMessageBody> {
    const { signature, ...unsigned } = content;
    if (!(await verifySignature(sender.signingPublicKey, messageSignedBytes(conversationId, unsigned), signature))) {
      throw new Error('the message is not signed by its sender device');
    }
    const plain = await subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64Url(content.iv) },
      contentKey.key,
      fromBase64Url(content.ciphertext),
    );
    return JSON.parse(new TextDecoder().decode(plain)) as EncryptedMessageBody;
  }
}
