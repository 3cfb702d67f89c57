// End-to-end encryption of conversations: the shapes the server stores and relays without
// being able to read them. Type-only apart from the size limits. See docs/encryption.md.

/** A P-256 public key as a JWK (only the public members; `d` is refused). */
export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  /** base64url of 32 bytes (43 characters). */
  x: string;
  y: string;
}

/** Device ids are made by the browser: 16 to 64 of A-Z a-z 0-9 _ -. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** Content key ids are made by the browser: 16 to 64 of A-Z a-z 0-9 _ -. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** A user may publish at most this many devices. */
export const MAX_DEVICES_PER_USER = 20;
/** Removed devices whose public keys are kept (the most recently removed); older ones are forgotten. */
export const MAX_RETIRED_DEVICES_PER_USER = 100;
/** base64url characters of a message's ciphertext (a 4,000-character text plus attachment metadata, encrypted). */
export const MAX_CIPHERTEXT_LENGTH = 32_768;

/** PUT /api/keys/devices/:deviceId */
export interface PublishDeviceRequest {
  /** ECDH P-256: content keys are wrapped for this device with it. */
  ecdhPublicKey: PublicJwk;
  /** ECDSA P-256: the device signs its messages and the keys it wraps. */
  signingPublicKey: PublicJwk;
  /** Shown to the owner and their contacts, e.g. "Firefox on Linux" (1 to 64 characters). */
  name: string;
}

/** A published device. Its private keys never leave the browser. */
export interface Device extends PublishDeviceRequest {
  id: string;
  userId: string;
  createdAt: string;
  /**
   * Set once the owner removed the device: it is kept only so that what it signed and wrapped
   * before still verifies and unwraps. Only listed with `?include=retired`.
   */
  removedAt?: string;
}

/**
 * A conversation's content key (AES-GCM 256) wrapped for one device: ECDH(sender device,
 * recipient device) → HKDF-SHA-256 → AES-KW. The sender signs it, so a server can't slip a
 * key of its own into a conversation.
 */
export interface WrappedKey {
  /** The device that can unwrap it. */
  deviceId: string;
  /** The device that wrapped it (its ECDH public key is the other half of the secret). */
  senderDeviceId: string;
  /** base64url of the AES-KW output (40 bytes for a 256-bit key). */
  wrappedKey: string;
  /** base64url ECDSA P-256 / SHA-256 signature (64 bytes, IEEE P1363) by the sender device over `wrapSignedBytes`. */
  signature: string;
}

/** POST /api/conversations/:id/keys: a new content key (the first one, or a rotation). */
export interface CreateContentKeyRequest {
  keyId: string;
  /** The key this one replaces, or null for the conversation's first key: compare-and-swap, 409 when stale. */
  previousKeyId: string | null;
  /** One per current device of every participant, the sender's own devices included (409 lists the missing ones). */
  wrappedKeys: WrappedKey[];
}

/** POST /api/conversations/:id/keys/:keyId/wrapped: answers a key request (adds wraps for more devices). */
export interface AddWrappedKeysRequest {
  wrappedKeys: WrappedKey[];
}

/** GET /api/conversations/:id/keys?deviceId=: every key of the conversation that was wrapped for that device of mine. */
export interface ContentKeyForDevice {
  keyId: string;
  /** Who created the key (their device signed the wrap). */
  createdBy: string;
  createdAt: string;
  /** The key new messages must use; the others only decrypt history. */
  current: boolean;
  wrapped: WrappedKey;
}

export interface ConversationKeys {
  /** null before the first message. */
  currentKeyId: string | null;
  /** True when the current key must be replaced before the next message (a device or participant was removed). */
  rotationNeeded: boolean;
  keys: ContentKeyForDevice[];
}

/** POST /api/conversations/:id/key-requests: ask the participants' online devices to wrap keys for my device. */
export interface KeyRequest {
  deviceId: string;
  /** The keys wanted; all the conversation's keys when absent (at most 50). */
  keyIds?: string[];
}

/** A message of an encrypted conversation as the server stores and relays it. */
export interface EncryptedContent {
  keyId: string;
  /** The sending device: its signing key verifies `signature`. */
  senderDeviceId: string;
  /** base64url of the 12-byte AES-GCM nonce (16 characters). */
  iv: string;
  /** base64url of AES-GCM(JSON of EncryptedMessageBody), tag included. */
  ciphertext: string;
  /** base64url ECDSA P-256 / SHA-256 signature (64 bytes) over `messageSignedBytes`. */
  signature: string;
}

/** What an encrypted message's ciphertext holds, known to participant devices only. */
export interface EncryptedMessageBody {
  v: 1;
  text: string;
  attachments?: EncryptedAttachmentRef[];
}

/**
 * An attachment of an encrypted message: the server holds only its ciphertext under `id`.
 * Each file has its own random AES-GCM 256 key, carried here inside the message's ciphertext
 * (as Matrix does), so files never depend on which conversation key is current.
 */
export interface EncryptedAttachmentRef {
  id: string;
  name: string;
  mime: string;
  /** Plaintext bytes. */
  size: number;
  /** base64url of the file's raw 32-byte AES-GCM key. */
  key: string;
  /** base64url AES-GCM nonce of the file's ciphertext. */
  iv: string;
  /** hex SHA-256 of the plaintext, checked after decrypting. */
  sha256: string;
  /** An image's thumbnail, made and encrypted in the browser (same file key, its own nonce), stored as another attachment. */
  thumbnail?: { id: string; iv: string; width: number; height: number };
}

/** Domain separation for HKDF `info` when wrapping a content key. */
export const WRAP_INFO = 'corkboard/conversation-key/v1';

/** The bytes a wrapped key's signature covers: every field a server could swap. */
export function wrapSignedBytes(conversationId: string, keyId: string, wrapped: Omit<WrappedKey, 'signature'>): string {
  return ['corkboard/wrap/v1', conversationId, keyId, wrapped.deviceId, wrapped.senderDeviceId, wrapped.wrappedKey].join('\n');
}

/** The bytes a message's signature covers: a message can't be replayed into another conversation or key. */
export function messageSignedBytes(conversationId: string, content: Omit<EncryptedContent, 'signature'>): string {
  return ['corkboard/message/v1', conversationId, content.keyId, content.senderDeviceId, content.iv, content.ciphertext].join('\n');
}
