// Files of encrypted conversations are encrypted in the browser before upload. Each file has
// its own random AES-GCM 256 key, carried inside the message's ciphertext, so the server only
// ever stores opaque bytes and a file never depends on which conversation key is current.

/** How a downloaded file is decrypted and checked (from its EncryptedAttachmentRef). */
export interface FileCipher {
  /** base64url of the raw 32-byte AES-GCM key. */
  readonly key: string;
  /** base64url of the file's 12-byte nonce. */
  readonly iv: string;
  /** hex SHA-256 of the plaintext. */
  readonly sha256: string;
}

export interface SealedFile {
  readonly cipher: FileCipher;
  readonly ciphertext: ArrayBuffer;
  /** The thumbnail, encrypted under the same key with a nonce of its own. */
  readonly thumbnail: { readonly iv: string; readonly ciphertext: ArrayBuffer } | null;
}

/** The bytes did not decrypt, or decrypted to something else than the sender sent. */
export class FileIntegrityError extends Error {
  constructor() {
    super($localize`:@@chat.attachments.damaged:This file is damaged or was changed: it was not opened.`);
  }
}

const AES_GCM = 'AES-GCM';
const NONCE_BYTES = 12;

/** Encrypts a file (and its thumbnail) under a new random key. */
export async function sealFile(plaintext: ArrayBuffer, thumbnail: ArrayBuffer | null = null): Promise<SealedFile> {
  const key = await crypto.subtle.generateKey({ name: AES_GCM, length: 256 }, true, ['encrypt', 'decrypt']);
  const file = await encrypt(key, plaintext);
  const sealedThumbnail = thumbnail ? await encrypt(key, thumbnail) : null;
  return {
    cipher: { key: toBase64Url(await crypto.subtle.exportKey('raw', key)), iv: file.iv, sha256: await sha256Hex(plaintext) },
    ciphertext: file.ciphertext,
    thumbnail: sealedThumbnail,
  };
}

/** Decrypts a downloaded file and checks it is the one the sender hashed. */
export async function openFile(cipher: FileCipher, ciphertext: ArrayBuffer): Promise<ArrayBuffer> {
  const plaintext = await decrypt(cipher.key, cipher.iv, ciphertext);
  if ((await sha256Hex(plaintext)) !== cipher.sha256.toLowerCase()) {
    throw new FileIntegrityError();
  }
  return plaintext;
}

/** Decrypts a thumbnail (no hash of its own: AES-GCM's tag is its check). */
export function openThumbnail(key: string, iv: string, ciphertext: ArrayBuffer): Promise<ArrayBuffer> {
  return decrypt(key, iv, ciphertext);
}

/** A file's bytes (FileReader rather than Blob.arrayBuffer: the test runner's DOM lacks the latter). */
export function readBytes(blob: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsArrayBuffer(blob);
  });
}

export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', view(bytes)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function encrypt(key: CryptoKey, plaintext: ArrayBuffer): Promise<{ iv: string; ciphertext: ArrayBuffer }> {
  const iv = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const ciphertext = await crypto.subtle.encrypt({ name: AES_GCM, iv }, key, view(plaintext));
  return { iv: toBase64Url(iv), ciphertext };
}

async function decrypt(rawKey: string, iv: string, ciphertext: ArrayBuffer): Promise<ArrayBuffer> {
  try {
    const key = await crypto.subtle.importKey('raw', fromBase64Url(rawKey), AES_GCM, false, ['decrypt']);
    return await crypto.subtle.decrypt({ name: AES_GCM, iv: fromBase64Url(iv) }, key, view(ciphertext));
  } catch {
    throw new FileIntegrityError();
  }
}

export function toBase64Url(bytes: ArrayBuffer | Uint8Array): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

/** WebCrypto takes views of any realm, bare ArrayBuffers only of its own (a test runner's DOM has another). */
function view(bytes: ArrayBuffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}
