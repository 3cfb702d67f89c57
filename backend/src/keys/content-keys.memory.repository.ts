import type { WrappedKey } from '../../../contracts/encryption';
import {
  byKeyCreation,
  type ContentKeyMeta,
  type ContentKeyState,
  ContentKeysRepository,
  type CreateKeyOutcome,
  type KeyWrappedForDevice,
} from './content-keys.repository';

interface ConversationKeys {
  state: ContentKeyState;
  keys: Map<string, ContentKeyMeta>;
  /** `<deviceId>:<keyId>` → wrap. */
  wraps: Map<string, WrappedKey>;
}

const wrapField = (deviceId: string, keyId: string): string => `${deviceId}:${keyId}`;

export class MemoryContentKeysRepository extends ContentKeysRepository {
  private readonly conversations = new Map<string, ConversationKeys>();

  async state(conversationId: string): Promise<ContentKeyState> {
    return { ...this.of(conversationId).state };
  }

  async create(conversationId: string, previousKeyId: string | null, meta: ContentKeyMeta, wraps: WrappedKey[]): Promise<CreateKeyOutcome> {
    const conversation = this.of(conversationId);
    if (conversation.state.currentKeyId !== previousKeyId) {
      return 'stale';
    }
    if (conversation.keys.has(meta.keyId)) {
      return 'exists';
    }
    conversation.keys.set(meta.keyId, { ...meta });
    for (const wrap of wraps) {
      conversation.wraps.set(wrapField(wrap.deviceId, meta.keyId), { ...wrap });
    }
    conversation.state = { currentKeyId: meta.keyId, rotationNeeded: false };
    this.conversations.set(conversationId, conversation);
    return 'created';
  }

  async find(conversationId: string, keyId: string): Promise<ContentKeyMeta | undefined> {
    const meta = this.of(conversationId).keys.get(keyId);
    return meta && { ...meta };
  }

  async addWraps(conversationId: string, keyId: string, wraps: WrappedKey[]): Promise<string[]> {
    const conversation = this.of(conversationId);
    if (!conversation.keys.has(keyId)) {
      return [];
    }
    const added: string[] = [];
    for (const wrap of wraps) {
      const field = wrapField(wrap.deviceId, keyId);
      if (!conversation.wraps.has(field)) {
        conversation.wraps.set(field, { ...wrap });
        added.push(wrap.deviceId);
      }
    }
    return added;
  }

  async forDevice(conversationId: string, deviceId: string): Promise<KeyWrappedForDevice[]> {
    const conversation = this.of(conversationId);
    return [...conversation.keys.values()].sort(byKeyCreation).flatMap((meta) => {
      const wrapped = conversation.wraps.get(wrapField(deviceId, meta.keyId));
      return wrapped ? [{ ...meta, wrapped: { ...wrapped } }] : [];
    });
  }

  async keyIds(conversationId: string): Promise<string[]> {
    return [...this.of(conversationId).keys.values()].sort(byKeyCreation).map((meta) => meta.keyId);
  }

  async markRotationNeeded(conversationId: string, deviceId: string): Promise<boolean> {
    const conversation = this.of(conversationId);
    const current = conversation.state.currentKeyId;
    if (current === null || !conversation.wraps.has(wrapField(deviceId, current))) {
      return false;
    }
    conversation.state = { currentKeyId: current, rotationNeeded: true };
    return true;
  }

  async requireRotation(conversationId: string): Promise<boolean> {
    const conversation = this.of(conversationId);
    if (conversation.state.currentKeyId === null) {
      return false;
    }
    conversation.state = { ...conversation.state, rotationNeeded: true };
    return true;
  }

  private of(conversationId: string): ConversationKeys {
    const existing = this.conversations.get(conversationId);
    if (existing) {
      return existing;
    }
    const fresh: ConversationKeys = { state: { currentKeyId: null, rotationNeeded: false }, keys: new Map(), wraps: new Map() };
    this.conversations.set(conversationId, fresh);
    return fresh;
  }
}
