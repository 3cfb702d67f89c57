import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Subject, firstValueFrom } from 'rxjs';

import type { ContentKeyForDevice, ConversationKeys, Device, WrappedKey } from '@contracts/encryption';

import { AuthStore } from '../auth/auth-store';
import { ChatApi } from '../chat/chat-api';
import { LastKnown, isUnreachable } from '../offline/last-known';
import { randomId } from './base64url';
import { DeviceDirectory } from './device-directory';
import type { StoredDevice } from './key-db';
import { KeysApi } from './keys-api';
import { ThisDevice } from './this-device';
import { generateContentKey, unwrapContentKey, wrapContentKey } from './wire';

/** Key requests for the same keys of one conversation go out at most this often. */
export const KEY_REQUEST_INTERVAL_MS = 30_000;
/** Devices answering a key request wait up to this long, so that usually only one of them does. */
export const ANSWER_DELAY_MS = 1_500;
const CREATE_ATTEMPTS = 3;

interface KeyRing {
  currentKeyId: string | null;
  rotationNeeded: boolean;
  /** Keys this device holds, unwrapped and verified. */
  held: Map<string, CryptoKey>;
  /** Keys whose wrap for us was forged or broken: their messages can never open. */
  refused: Set<string>;
  /** The read in flight (or done) since the ring was last marked stale. */
  reading: Promise<void> | null;
}

/** Whether this device can open messages under a key. */
export type KeyLookup = { key: CryptoKey } | { missing: 'waiting' | 'refused' };

/**
 * Conversation content keys held by this device (in memory only): read wrapped for it, checked
 * against the wrapping device's signature, made by the first sender, rotated when the server
 * says so, shared with participants' new devices on request.
 */
@Injectable({ providedIn: 'root' })
export class ContentKeys {
  private readonly api = inject(KeysApi);
  private readonly chatApi = inject(ChatApi);
  private readonly auth = inject(AuthStore);
  private readonly directory = inject(DeviceDirectory);
  private readonly thisDevice = inject(ThisDevice);
  private readonly lastKnown = inject(LastKnown);
  private readonly rings = new Map<string, KeyRing>();
  private readonly people = new Map<string, Promise<readonly string[]>>();
  private readonly requested = new Map<string, number>();
  private readonly arrivals = new Subject<string>();

  /** A conversation id whose keys this device may now hold more of. */
  readonly arrived = this.arrivals.asObservable();

  /** The conversation's participants as the caller already knows them (saves a read). */
  remember(conversationId: string, participantIds: readonly string[]): void {
    this.people.set(conversationId, Promise.resolve([...participantIds]));
  }

  async device(): Promise<StoredDevice> {
    const me = this.auth.user()?.id;
    if (!me) {
      throw new Error('signed out');
    }
    return this.thisDevice.ready(me);
  }

  /** The key to open a message with: read from the server when this device does not hold it yet. */
  async lookup(conversationId: string, keyId: string): Promise<KeyLookup> {
    const ring = this.ring(conversationId);
    if (!ring.held.has(keyId) && !ring.refused.has(keyId)) {
      ring.reading ??= this.read(conversationId, ring);
      await ring.reading;
    }
    const key = ring.held.get(keyId);
    return key ? { key } : { missing: ring.refused.has(keyId) ? 'refused' : 'waiting' };
  }

  /**
   * A conversation opened on this device: when it has keys and this device holds none of
   * them (a new device), ask for them at once rather than message by message.
   */
  async prepare(conversationId: string): Promise<void> {
    const ring = this.ring(conversationId);
    ring.reading ??= this.read(conversationId, ring);
    await ring.reading;
    if (ring.currentKeyId && ring.held.size === 0 && ring.refused.size === 0) {
      await this.request(conversationId, []);
    }
  }

  /** Keys were shared with this device or rotated: read them again and tell whoever waits. */
  async changed(conversationId: string): Promise<void> {
    const ring = this.ring(conversationId);
    ring.reading = this.read(conversationId, ring);
    await ring.reading.catch(() => undefined);
    this.arrivals.next(conversationId);
  }

  /** Marks what we know stale (a device left, a send was refused): the next use reads again. */
  stale(conversationId: string): void {
    this.ring(conversationId).reading = null;
  }

  staleAll(): void {
    for (const ring of this.rings.values()) {
      ring.reading = null;
    }
  }

  /** The key a new message must use: made when there is none, replaced when it must rotate. */
  async current(conversationId: string): Promise<{ keyId: string; key: CryptoKey }> {
    for (let attempt = 1; ; attempt++) {
      const ring = this.ring(conversationId);
      ring.reading ??= this.read(conversationId, ring);
      await ring.reading;
      const held = ring.currentKeyId ? ring.held.get(ring.currentKeyId) : undefined;
      if (held && !ring.rotationNeeded) {
        return { keyId: ring.currentKeyId!, key: held };
      }
      try {
        return await this.create(conversationId, ring.currentKeyId, attempt > 1);
      } catch (error) {
        // Someone else made or rotated the key first, or a device is new to us: read and try again.
        if (!(error instanceof HttpErrorResponse && error.status === 409) || attempt >= CREATE_ATTEMPTS) {
          throw error;
        }
        this.stale(conversationId);
      }
    }
  }

  /** Asks the participants' devices for keys this device lacks (at most every 30 s for the same keys). */
  async request(conversationId: string, keyIds: readonly string[]): Promise<void> {
    const throttleKey = `${conversationId}:${[...keyIds].sort().join(',')}`;
    // A recent request for all the conversation's keys covers any of them.
    const recent = (key: string): boolean => Date.now() - (this.requested.get(key) ?? -Infinity) < KEY_REQUEST_INTERVAL_MS;
    if (recent(throttleKey) || recent(`${conversationId}:`)) {
      return;
    }
    this.requested.set(throttleKey, Date.now());
    const device = await this.device();
    await firstValueFrom(
      this.api.requestKeys(conversationId, { deviceId: device.id, ...(keyIds.length ? { keyIds: [...keyIds] } : {}) }),
    ).catch(() => this.requested.delete(throttleKey));
  }

  /**
   * Another device of a participant asks for keys: wrap those we hold for it, after a random
   * pause so that, of the devices online, usually one answers (the server drops duplicates).
   */
  async answer(request: { conversationId: string; userId: string; deviceId: string; keyIds?: string[] }): Promise<void> {
    const own = await this.device();
    if (request.deviceId === own.id || !(await this.participants(request.conversationId)).includes(request.userId)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * ANSWER_DELAY_MS));
    const ring = this.ring(request.conversationId);
    ring.reading ??= this.read(request.conversationId, ring);
    await ring.reading;
    const target = await this.directory.device(request.userId, request.deviceId);
    if (!target) {
      return;
    }
    const wanted = request.keyIds?.length ? request.keyIds : [...ring.held.keys()];
    for (const keyId of wanted) {
      const key = ring.held.get(keyId);
      if (key) {
        const wrapped = await this.wrapFor(request.conversationId, keyId, key, own, target);
        await firstValueFrom(this.api.addWrapped(request.conversationId, keyId, { wrappedKeys: [wrapped] })).catch(() => undefined);
      }
    }
  }

  /** Signed out: nothing of one user's keys stays for the next. */
  clear(): void {
    this.rings.clear();
    this.people.clear();
    this.requested.clear();
  }

  async participants(conversationId: string): Promise<readonly string[]> {
    let people = this.people.get(conversationId);
    if (!people) {
      people = firstValueFrom(this.chatApi.conversation(conversationId)).then((conversation) =>
        conversation.participants.map((person) => person.id),
      );
      this.people.set(conversationId, people);
      people.catch(() => this.people.delete(conversationId));
    }
    return people;
  }

  private ring(conversationId: string): KeyRing {
    let ring = this.rings.get(conversationId);
    if (!ring) {
      ring = { currentKeyId: null, rotationNeeded: false, held: new Map(), refused: new Set(), reading: null };
      this.rings.set(conversationId, ring);
    }
    return ring;
  }

  private async read(conversationId: string, ring: KeyRing): Promise<void> {
    try {
      const own = await this.device();
      const answer = await this.readKeys(conversationId, own.id, ring);
      ring.currentKeyId = answer.currentKeyId;
      ring.rotationNeeded = answer.rotationNeeded;
      for (const entry of answer.keys) {
        if (!ring.held.has(entry.keyId)) {
          await this.unwrap(conversationId, entry, own, ring);
        }
      }
    } catch (error) {
      // Unreachable: the next use reads again.
      if (ring.reading) {
        ring.reading = null;
      }
      throw error;
    }
  }

  /**
   * The wrapped keys as the server lists them, kept on this browser too: they open only with
   * this device's private key, and let messages stored for an offline start open offline.
   */
  private async readKeys(conversationId: string, deviceId: string, ring: KeyRing): Promise<ConversationKeys> {
    const stored = `keys:${conversationId}:${deviceId}`;
    try {
      const answer = await firstValueFrom(this.api.keys(conversationId, deviceId));
      this.lastKnown.saveSoon(stored, () => answer, 0);
      return answer;
    } catch (error) {
      const known = isUnreachable(error) ? await this.lastKnown.read<ConversationKeys>(stored) : undefined;
      if (!known) {
        throw error;
      }
      // Read again once the server can be asked.
      queueMicrotask(() => (ring.reading = null));
      return known;
    }
  }

  private async unwrap(conversationId: string, entry: ContentKeyForDevice, own: StoredDevice, ring: KeyRing): Promise<void> {
    const sender = await this.senderOf(conversationId, entry.wrapped);
    if (!sender) {
      ring.refused.add(entry.keyId);
      return;
    }
    try {
      const keys = await this.directory.publicKeys(sender);
      ring.held.set(entry.keyId, await unwrapContentKey(conversationId, entry.keyId, entry.wrapped, own.secrets, keys));
      ring.refused.delete(entry.keyId);
    } catch {
      ring.refused.add(entry.keyId);
    }
  }

  /** The wrapping device (current or since removed), if it belongs to a participant: nobody outside can hand us a key. */
  private async senderOf(conversationId: string, wrapped: WrappedKey): Promise<Device | undefined> {
    for (const userId of await this.participants(conversationId)) {
      const device = await this.directory.signer(userId, wrapped.senderDeviceId).catch(() => undefined);
      if (device) {
        return device;
      }
    }
    return undefined;
  }

  private async create(conversationId: string, previousKeyId: string | null, fresh: boolean): Promise<{ keyId: string; key: CryptoKey }> {
    const own = await this.device();
    const keyId = randomId();
    const key = await generateContentKey();
    const people = await this.participants(conversationId);
    const devices = (await Promise.all(people.map((userId) => this.directory.devices(userId, fresh)))).flat();
    const wrappedKeys = await Promise.all(devices.map((device) => this.wrapFor(conversationId, keyId, key, own, device)));
    await firstValueFrom(this.api.createKey(conversationId, { keyId, previousKeyId, wrappedKeys }));
    const ring = this.ring(conversationId);
    ring.held.set(keyId, key);
    ring.currentKeyId = keyId;
    ring.rotationNeeded = false;
    return { keyId, key };
  }

  private async wrapFor(conversationId: string, keyId: string, key: CryptoKey, own: StoredDevice, device: Device): Promise<WrappedKey> {
    const keys = await this.directory.publicKeys(device);
    return wrapContentKey(conversationId, keyId, key, { deviceId: own.id, secrets: own.secrets }, { deviceId: device.id, keys });
  }
}
