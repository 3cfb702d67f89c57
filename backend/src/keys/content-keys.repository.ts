import type { WrappedKey } from '../../../contracts/encryption';

/** A content key as the server knows it: who made it and when, never the key. */
export interface ContentKeyMeta {
  keyId: string;
  createdBy: string;
  createdAt: string;
}

export interface ContentKeyState {
  /** null before the conversation's first key. */
  currentKeyId: string | null;
  /** A device that could read the current key is gone: the next message needs a new key. */
  rotationNeeded: boolean;
}

/** `stale`: `previousKeyId` is no longer current; `exists`: that key id is taken. */
export type CreateKeyOutcome = 'created' | 'stale' | 'exists';

export interface KeyWrappedForDevice extends ContentKeyMeta {
  wrapped: WrappedKey;
}

/** Port: each encrypted conversation's content keys, wrapped per device. */
export abstract class ContentKeysRepository {
  abstract state(conversationId: string): Promise<ContentKeyState>;
  /** Compare-and-swap: makes `meta.keyId` current if `previousKeyId` still is, and clears rotationNeeded. */
  abstract create(
    conversationId: string,
    previousKeyId: string | null,
    meta: ContentKeyMeta,
    wraps: WrappedKey[],
  ): Promise<CreateKeyOutcome>;
  abstract find(conversationId: string, keyId: string): Promise<ContentKeyMeta | undefined>;
  /** Adds wraps of an existing key; a device that already has one keeps it (first wrap wins). Returns the devices that got one. */
  abstract addWraps(conversationId: string, keyId: string, wraps: WrappedKey[]): Promise<string[]>;
  /** Every key of the conversation wrapped for this device, oldest first. */
  abstract forDevice(conversationId: string, deviceId: string): Promise<KeyWrappedForDevice[]>;
  /** Oldest first. */
  abstract keyIds(conversationId: string): Promise<string[]>;
  /** Sets rotationNeeded when the current key was wrapped for this device; true when it did. */
  abstract markRotationNeeded(conversationId: string, deviceId: string): Promise<boolean>;
  /** Sets rotationNeeded whatever the devices (a participant left); false when there is no key yet. */
  abstract requireRotation(conversationId: string): Promise<boolean>;
}

export const byKeyCreation = (a: ContentKeyMeta, b: ContentKeyMeta): number =>
  a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId);
