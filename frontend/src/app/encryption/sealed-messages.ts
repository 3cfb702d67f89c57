import { DestroyRef, Injectable, effect, inject, signal, untracked } from '@angular/core';

import { parseRoom } from '@contracts/channels';
import type { ChatMessage } from '@contracts/chat';
import type { EncryptedAttachmentRef, EncryptedContent, EncryptedMessageBody } from '@contracts/encryption';
import { findMentions } from '@contracts/mentions';
import type { PublicUser } from '@contracts/api';

import { type ShownAttachment, shownFromEncrypted } from '../chat/attachment-view';
import { RealtimeClient } from '../realtime/realtime-client';
import { ContentKeys } from './content-keys';
import { DeviceDirectory } from './device-directory';
import { decryptMessage, encryptMessage } from './wire';

/** What an encrypted message shows: its text and files, or why it can't. */
export type Opened =
  | { readonly state: 'open'; readonly text: string; readonly attachments: readonly ShownAttachment[] }
  | { readonly state: 'waiting' }
  | { readonly state: 'failed' };

/** An encrypted message ready to post: the server gets no text, only who it mentions. */
export interface Sealed {
  encrypted: EncryptedContent;
  mentions: string[];
}

/**
 * Opens encrypted messages (once each, results kept in a signal for the views) and seals ours.
 * Messages waiting for a key this device lacks ask for it, and open when it arrives.
 */
@Injectable({ providedIn: 'root' })
export class SealedMessages {
  private readonly keys = inject(ContentKeys);
  private readonly directory = inject(DeviceDirectory);
  private readonly results = signal<ReadonlyMap<string, Opened>>(new Map());
  private readonly started = new Set<string>();
  /** Messages waiting for a key, by conversation id: tried again when keys arrive. */
  private readonly waiting = new Map<string, Map<string, ChatMessage>>();
  /** What our own messages say, by signature: their echo shows at once, without a round of decryption. */
  private readonly sent = new Map<string, Opened>();

  constructor() {
    const subscription = this.keys.arrived.subscribe((conversationId) => this.retry(conversationId));
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
    // Back online: what waited because the server could not be asked tries again.
    const realtime = inject(RealtimeClient);
    effect(() => {
      if (realtime.state() === 'live') {
        untracked(() => [...this.waiting.keys()].forEach((conversationId) => this.retry(conversationId)));
      }
    });
  }

  /** Undefined until the message was opened (or found unopenable); reading it tracks the result. */
  opened(message: ChatMessage): Opened | undefined {
    return this.results().get(resultKey(message));
  }

  /** Starts opening the encrypted ones among these messages (each at most once). */
  open(messages: readonly ChatMessage[]): void {
    for (const message of messages) {
      if (!message.encrypted || this.started.has(resultKey(message))) {
        continue;
      }
      this.started.add(resultKey(message));
      const sent = this.sent.get(message.encrypted.signature);
      if (sent) {
        this.sent.delete(message.encrypted.signature);
        this.results.update((results) => new Map(results).set(resultKey(message), sent));
      } else {
        void this.decrypt(message);
      }
    }
  }

  /** Encrypts a message of ours under the conversation's current key (made first if there is none). */
  async seal(
    conversationId: string,
    text: string,
    attachments: readonly EncryptedAttachmentRef[],
    members: readonly PublicUser[],
  ): Promise<Sealed> {
    const device = await this.keys.device();
    const { keyId, key } = await this.keys.current(conversationId);
    const body: EncryptedMessageBody = { v: 1, text, ...(attachments.length ? { attachments: [...attachments] } : {}) };
    const encrypted = await encryptMessage(conversationId, keyId, key, { deviceId: device.id, secrets: device.secrets }, body);
    const byName = new Map(members.map((member) => [member.username, member.id]));
    const mentions = [...new Set(findMentions(text, (name) => byName.has(name)).map(({ username }) => byName.get(username)!))];
    this.sent.set(encrypted.signature, { state: 'open', text, attachments: attachments.map(shownFromEncrypted) });
    return { encrypted, mentions };
  }

  /** One of ours waiting in the outbox (only its ciphertext is kept there): its text again, or null. */
  async reopen(conversationId: string, userId: string, encrypted: EncryptedContent): Promise<EncryptedMessageBody | null> {
    try {
      return await this.body(conversationId, userId, encrypted);
    } catch {
      return null;
    }
  }

  /** Signed out: the next user opens everything again with their own keys. */
  clear(): void {
    this.results.set(new Map());
    this.started.clear();
    this.waiting.clear();
    this.sent.clear();
  }

  private async decrypt(message: ChatMessage): Promise<void> {
    const conversationId = conversationOf(message);
    const encrypted = message.encrypted!;
    let result: Opened;
    try {
      const body = await this.body(conversationId, message.userId, encrypted);
      result = body
        ? { state: 'open', text: body.text, attachments: (body.attachments ?? []).map(shownFromEncrypted) }
        : { state: 'waiting' };
    } catch (error) {
      result = error instanceof KeyRefused || !(error instanceof Unreachable) ? { state: 'failed' } : { state: 'waiting' };
    }
    const waiting = this.waiting.get(conversationId) ?? new Map<string, ChatMessage>();
    if (result.state === 'waiting') {
      waiting.set(resultKey(message), message);
      this.waiting.set(conversationId, waiting);
      void this.keys.request(conversationId, [encrypted.keyId]);
    } else {
      waiting.delete(resultKey(message));
    }
    this.results.update((results) => new Map(results).set(resultKey(message), result));
  }

  /** Null while this device lacks the key; throws when the message can never open. */
  private async body(conversationId: string, userId: string, encrypted: EncryptedContent): Promise<EncryptedMessageBody | null> {
    const lookup = await this.keys.lookup(conversationId, encrypted.keyId).catch(() => {
      throw new Unreachable();
    });
    if ('missing' in lookup) {
      if (lookup.missing === 'refused') {
        throw new KeyRefused();
      }
      return null;
    }
    // The signing device must be the author's: a participant can't speak as another. It may have
    // been removed since: what it signed while current still counts.
    const sender = await this.directory.signer(userId, encrypted.senderDeviceId).catch(() => {
      throw new Unreachable();
    });
    if (!sender) {
      throw new KeyRefused();
    }
    const keys = await this.directory.publicKeys(sender);
    return decryptMessage(conversationId, encrypted, lookup.key, keys.signing);
  }

  private retry(conversationId: string): void {
    const waiting = this.waiting.get(conversationId);
    if (waiting) {
      this.waiting.delete(conversationId);
      for (const message of waiting.values()) {
        void this.decrypt(message);
      }
    }
  }
}

class Unreachable extends Error {}
class KeyRefused extends Error {}

function resultKey(message: ChatMessage): string {
  return `${message.roomId}/${message.id}`;
}

function conversationOf(message: ChatMessage): string {
  return parseRoom(message.roomId)?.id ?? message.roomId;
}
