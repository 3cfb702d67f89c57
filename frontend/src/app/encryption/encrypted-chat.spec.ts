import { type HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject, filter } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { ChatMessage, PostMessageRequest } from '@contracts/chat';
import type {
  AddWrappedKeysRequest,
  ConversationKeys,
  CreateContentKeyRequest,
  Device,
  KeyRequest,
  PublishDeviceRequest,
} from '@contracts/encryption';
import type { AnyEventEnvelope, EventMap, EventType } from '@contracts/events';

import { ChatStore } from '../chat/chat-store';
import type { ConnectionState } from '../realtime/realtime-client';
import { ContentKeys } from './content-keys';
import { EncryptionSession } from './encryption-session';
import { signInForChat } from '../chat/testing/signed-in-chat';
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

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const bob = { id: 'u2', username: 'bob', displayName: 'Bob' };
const ROOM = 'conversation:c1';
const BASE = '/api/conversations/c1';
const BOB_DEVICE = 'bob-device-0000001';
const KEY_ID = 'key-from-bob-000001';

/**
 * A small stand-in for the server: answers whatever the app asks, as the key endpoints'
 * contracts say, and records what it was sent.
 */
class FakeServer {
  aliceDevice: Device | null = null;
  keys: ConversationKeys = { currentKeyId: null, rotationNeeded: false, keys: [] };
  readonly created: CreateContentKeyRequest[] = [];
  readonly keyRequests: KeyRequest[] = [];
  readonly posted: PostMessageRequest[] = [];
  readonly added: { keyId: string; body: AddWrappedKeysRequest }[] = [];
  /** Statuses to answer the next message posts with, before taking one. */
  refusePosts: number[] = [];
  readonly otherDevices: Device[] = [];
  keyReads = 0;
  messages: ChatMessage[] = [];

  constructor(private readonly bobDevice: Device) {}

  answer(request: TestRequest): void {
    const { method, url } = request.request;
    const body: unknown = request.request.body;
    if (method === 'PUT' && url.startsWith('/api/keys/devices/')) {
      const id = decodeURIComponent(url.slice('/api/keys/devices/'.length));
      this.aliceDevice = { ...(body as PublishDeviceRequest), id, userId: alice.id, createdAt: '2026-01-01T00:00:00.000Z' };
      request.flush(this.aliceDevice);
    } else if (method === 'GET' && url === `/api/users/${alice.id}/devices`) {
      request.flush(this.aliceDevice ? [this.aliceDevice] : []);
    } else if (method === 'GET' && url === `/api/users/${bob.id}/devices`) {
      const withRetired = request.request.params.get('include') === 'retired';
      request.flush([this.bobDevice, ...this.otherDevices].filter((device) => withRetired || device.removedAt === undefined));
    } else if (method === 'POST' && url.startsWith(`${BASE}/keys/`) && url.endsWith('/wrapped')) {
      this.added.push({ keyId: decodeURIComponent(url.split('/')[5]), body: body as AddWrappedKeysRequest });
      request.flush({});
    } else if (method === 'GET' && url === `${BASE}/keys`) {
      this.keyReads++;
      request.flush(this.keys);
    } else if (method === 'POST' && url === `${BASE}/keys`) {
      this.created.push(body as CreateContentKeyRequest);
      request.flush({});
    } else if (method === 'POST' && url === `${BASE}/key-requests`) {
      this.keyRequests.push(body as KeyRequest);
      request.flush(null, { status: 202, statusText: 'Accepted' });
    } else if (method === 'GET' && url === `${BASE}/messages`) {
      request.flush({ messages: [...this.messages].reverse(), nextBefore: null });
    } else if (method === 'POST' && url === `${BASE}/messages` && this.refusePosts.length > 0) {
      this.posted.push(body as PostMessageRequest);
      request.flush({ message: 'stale key' }, { status: this.refusePosts.shift()!, statusText: 'Conflict' });
    } else if (method === 'POST' && url === `${BASE}/messages`) {
      const sent = body as PostMessageRequest;
      this.posted.push(sent);
      const stored: ChatMessage = {
        id: `${10 + this.posted.length}-0`,
        roomId: ROOM,
        userId: alice.id,
        encrypted: sent.encrypted,
        createdAt: new Date().toISOString(),
        clientId: sent.clientId,
      };
      request.flush(stored);
    } else {
      request.flush(null);
    }
  }
}

describe('encrypted conversations in the chat store', () => {
  let store: ChatStore;
  let http: HttpTestingController;
  let server: FakeServer;
  let bobKeys: NewDeviceKeys;
  let userEvents: Subject<AnyEventEnvelope>;

  /** Answers the app's requests as they come (its WebCrypto work is asynchronous) until `done` holds. */
  async function serveUntil(done: () => boolean): Promise<void> {
    await vi.waitFor(
      () => {
        for (const request of http.match(() => true)) {
          server.answer(request);
        }
        TestBed.tick();
        expect(done()).toBe(true);
      },
      { timeout: 5_000, interval: 5 },
    );
  }

  function push<T extends EventType>(type: T, data: EventMap[T]): void {
    userEvents.next({
      id: '',
      channel: `user:${alice.id}`,
      type,
      timestamp: new Date().toISOString(),
      userId: bob.id,
      data,
    } as AnyEventEnvelope);
  }

  /** A message Bob's device wrote under his key. */
  async function fromBob(id: string, text: string, key: CryptoKey): Promise<ChatMessage> {
    const encrypted = await encryptMessage('c1', KEY_ID, key, { deviceId: BOB_DEVICE, secrets: bobKeys.secrets }, { v: 1, text });
    return { id, roomId: ROOM, userId: bob.id, encrypted, createdAt: '2026-01-01T10:00:00.000Z' };
  }

  beforeEach(async () => {
    bobKeys = await generateDeviceKeys();
    const { ecdhPublicKey, signingPublicKey } = bobKeys;
    server = new FakeServer({
      id: BOB_DEVICE,
      userId: bob.id,
      name: 'Firefox on Linux',
      ecdhPublicKey,
      signingPublicKey,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    userEvents = new Subject();
    const realtime = {
      channel: vi.fn(() => new Subject<AnyEventEnvelope>().asObservable()),
      on: vi.fn((_channel: string, ...types: EventType[]) => userEvents.pipe(filter((event) => types.includes(event.type)))),
      state: signal<ConnectionState>('live'),
    };
    localStorage.clear();
    http = await signInForChat(realtime);
    TestBed.inject(EncryptionSession);
    store = TestBed.inject(ChatStore);
  });

  afterEach(() => {
    http.verify();
  });

  it('sends only ciphertext, with a key it made and wrapped for every device of every participant', async () => {
    store.open(ROOM, { encryptedFor: [alice, bob] });
    await serveUntil(() => store.status() === 'ready' && server.aliceDevice !== null);

    expect(store.send('see you at 6, @bob')).toBe(true);
    await serveUntil(() => server.posted.length === 1 && store.entries()[0]?.state === 'sent');

    const [created] = server.created;
    expect(created.previousKeyId).toBeNull();
    expect(created.wrappedKeys.map((wrapped) => wrapped.deviceId).sort()).toEqual([server.aliceDevice!.id, BOB_DEVICE].sort());
    const [sent] = server.posted;
    expect(sent.content).toBeUndefined();
    expect(JSON.stringify(sent)).not.toContain('see you');
    expect(sent.mentions).toEqual([bob.id]);
    expect(sent.encrypted).toMatchObject({ keyId: created.keyId, senderDeviceId: server.aliceDevice!.id });

    // Bob's device opens both the key and the message.
    const aliceKeys = await importDevicePublicKeys(server.aliceDevice!);
    const forBob = created.wrappedKeys.find((wrapped) => wrapped.deviceId === BOB_DEVICE)!;
    const key = await unwrapContentKey('c1', created.keyId, forBob, bobKeys.secrets, aliceKeys);
    expect(await decryptMessage('c1', sent.encrypted!, key, aliceKeys.signing)).toEqual({ v: 1, text: 'see you at 6, @bob' });
    // And our own view shows the text, not a sealed message.
    expect(store.entries().map((entry) => [entry.content, entry.sealed])).toEqual([['see you at 6, @bob', null]]);
  });

  it('shows a message it has no key for as waiting, asks for the key, and opens it when the key is shared', async () => {
    const key = await generateContentKey();
    server.keys = { currentKeyId: KEY_ID, rotationNeeded: false, keys: [] };
    server.messages = [await fromBob('1-0', 'the door code is 4711', key)];

    store.open(ROOM, { encryptedFor: [alice, bob] });
    await serveUntil(() => store.entries()[0]?.sealed === 'waiting' && server.keyRequests.length > 0);
    expect(store.entries()[0].content).toBe('');
    expect(server.keyRequests.every((request) => request.deviceId === server.aliceDevice!.id)).toBe(true);

    // Bob's device answers the request: the key, wrapped for this device.
    const wrapped = await wrapContentKey(
      'c1',
      KEY_ID,
      key,
      { deviceId: BOB_DEVICE, secrets: bobKeys.secrets },
      { deviceId: server.aliceDevice!.id, keys: await importDevicePublicKeys(server.aliceDevice!) },
    );
    server.keys = {
      currentKeyId: KEY_ID,
      rotationNeeded: false,
      keys: [{ keyId: KEY_ID, createdBy: bob.id, createdAt: '2026-01-01T09:00:00.000Z', current: true, wrapped }],
    };
    push('conversation.key_shared', { conversationId: 'c1', deviceId: server.aliceDevice!.id, keyIds: [KEY_ID] });

    await serveUntil(() => store.entries()[0]?.sealed === null);
    expect(store.entries()[0].content).toBe('the door code is 4711');
  });

  it('shows a message whose signature is not its author device as failed, never its text', async () => {
    const key = await generateContentKey();
    const wrapped = await wrapContentKey(
      'c1',
      KEY_ID,
      key,
      { deviceId: BOB_DEVICE, secrets: bobKeys.secrets },
      { deviceId: 'placeholder', keys: await importDevicePublicKeys(bobKeys) },
    );
    const message = await fromBob('1-0', 'forged', key);
    message.encrypted = { ...message.encrypted!, signature: message.encrypted!.signature.split('').reverse().join('') };
    server.messages = [message];
    store.open(ROOM, { encryptedFor: [alice, bob] });
    // The key is wrapped for this device once it is published.
    await serveUntil(() => server.aliceDevice !== null);
    const forAlice = await wrapContentKey(
      'c1',
      KEY_ID,
      key,
      { deviceId: BOB_DEVICE, secrets: bobKeys.secrets },
      { deviceId: server.aliceDevice!.id, keys: await importDevicePublicKeys(server.aliceDevice!) },
    );
    expect(wrapped.deviceId).toBe('placeholder');
    server.keys = {
      currentKeyId: KEY_ID,
      rotationNeeded: false,
      keys: [{ keyId: KEY_ID, createdBy: bob.id, createdAt: '2026-01-01T09:00:00.000Z', current: true, wrapped: forAlice }],
    };
    push('conversation.key_rotated', { conversationId: 'c1', keyId: KEY_ID });
    await serveUntil(() => store.entries()[0]?.sealed === 'failed');
    expect(store.entries()[0].content).toBe('');
  });

  /** The key as Bob's device wrapped it for this (Alice's) device. */
  async function keyForAlice(keyId: string, key: CryptoKey, current = true): Promise<ConversationKeys['keys'][number]> {
    const wrapped = await wrapContentKey(
      'c1',
      keyId,
      key,
      { deviceId: BOB_DEVICE, secrets: bobKeys.secrets },
      { deviceId: server.aliceDevice!.id, keys: await importDevicePublicKeys(server.aliceDevice!) },
    );
    return { keyId, createdBy: bob.id, createdAt: '2026-01-01T09:00:00.000Z', current, wrapped };
  }

  it('rotates the key before sending when the server says so (compare-and-swap on the current one)', async () => {
    store.open(ROOM, { encryptedFor: [alice, bob] });
    await serveUntil(() => store.status() === 'ready' && server.aliceDevice !== null);
    server.keys = { currentKeyId: KEY_ID, rotationNeeded: true, keys: [await keyForAlice(KEY_ID, await generateContentKey())] };
    TestBed.inject(ContentKeys).stale('c1');

    store.send('after the rotation');
    await serveUntil(() => server.posted.length === 1 && store.entries()[0]?.state === 'sent');
    expect(server.created.map((created) => created.previousKeyId)).toEqual([KEY_ID]);
    expect(server.posted[0].encrypted!.keyId).toBe(server.created[0].keyId);
  });

  it('sends again under a new key when the server refuses the message for a stale key', async () => {
    store.open(ROOM, { encryptedFor: [alice, bob] });
    await serveUntil(() => store.status() === 'ready' && server.aliceDevice !== null);
    server.keys = { currentKeyId: KEY_ID, rotationNeeded: false, keys: [await keyForAlice(KEY_ID, await generateContentKey())] };
    TestBed.inject(ContentKeys).stale('c1');
    server.refusePosts = [409];
    // Meanwhile a participant's device was removed: the key must be replaced.
    const refused = server.posted.length;
    store.send('second try');
    await serveUntil(() => server.posted.length === refused + 1);
    server.keys = { ...server.keys, rotationNeeded: true };
    await serveUntil(() => server.posted.length === refused + 2 && store.entries()[0]?.state === 'sent');

    expect(server.posted[0].encrypted!.keyId).toBe(KEY_ID);
    expect(server.created.map((created) => created.previousKeyId)).toEqual([KEY_ID]);
    expect(server.posted[1].encrypted!.keyId).toBe(server.created[0].keyId);
    expect(server.posted[1].clientId).toBe(server.posted[0].clientId);
  });

  it('answers a key request from a participant device with the keys it holds, wrapped for that device', async () => {
    const key = await generateContentKey();
    store.open(ROOM, { encryptedFor: [alice, bob] });
    await serveUntil(() => store.status() === 'ready' && server.aliceDevice !== null);
    server.keys = { currentKeyId: KEY_ID, rotationNeeded: false, keys: [await keyForAlice(KEY_ID, key)] };
    TestBed.inject(ContentKeys).stale('c1');
    const laptop = await generateDeviceKeys();
    const laptopId = 'bob-laptop-0000001';
    server.otherDevices.push({
      id: laptopId,
      userId: bob.id,
      name: 'Chrome on Linux',
      ...pick(laptop),
      createdAt: '2026-01-01T11:00:00.000Z',
    });

    push('conversation.key_requested', { conversationId: 'c1', userId: bob.id, deviceId: laptopId, keyIds: [KEY_ID] });
    await serveUntil(() => server.added.length === 1);

    const [{ keyId, body }] = server.added;
    expect(keyId).toBe(KEY_ID);
    expect(body.wrappedKeys.map((wrapped) => [wrapped.deviceId, wrapped.senderDeviceId])).toEqual([[laptopId, server.aliceDevice!.id]]);
    const opened = await unwrapContentKey(
      'c1',
      KEY_ID,
      body.wrappedKeys[0],
      laptop.secrets,
      await importDevicePublicKeys(server.aliceDevice!),
    );
    const probe = await encryptMessage(
      'c1',
      KEY_ID,
      opened,
      { deviceId: BOB_DEVICE, secrets: bobKeys.secrets },
      { v: 1, text: 'same key' },
    );
    expect(await decryptMessage('c1', probe, key, (await importDevicePublicKeys(bobKeys)).signing)).toEqual({ v: 1, text: 'same key' });
  });

  it('opens what a since-removed device signed and wrapped, and wraps nothing new for it', async () => {
    const laptop = await generateDeviceKeys();
    const laptopId = 'bob-laptop-0000001';
    server.otherDevices.push({
      id: laptopId,
      userId: bob.id,
      name: 'Old laptop',
      ...pick(laptop),
      createdAt: '2025-12-01T00:00:00.000Z',
      removedAt: '2026-01-01T12:00:00.000Z',
    });
    const key = await generateContentKey();
    const fromLaptop = { deviceId: laptopId, secrets: laptop.secrets };
    const encrypted = await encryptMessage('c1', KEY_ID, key, fromLaptop, { v: 1, text: 'written on the old laptop' });
    server.messages = [{ id: '1-0', roomId: ROOM, userId: bob.id, encrypted, createdAt: '2026-01-01T10:00:00.000Z' }];
    store.open(ROOM, { encryptedFor: [alice, bob] });
    await serveUntil(() => server.aliceDevice !== null);
    // The laptop made the key (before it was removed) and wrapped it for this device.
    const wrapped = await wrapContentKey('c1', KEY_ID, key, fromLaptop, {
      deviceId: server.aliceDevice!.id,
      keys: await importDevicePublicKeys(server.aliceDevice!),
    });
    server.keys = {
      currentKeyId: KEY_ID,
      rotationNeeded: true,
      keys: [{ keyId: KEY_ID, createdBy: bob.id, createdAt: '2026-01-01T09:00:00.000Z', current: true, wrapped }],
    };
    push('conversation.key_rotated', { conversationId: 'c1', keyId: KEY_ID });
    await serveUntil(() => store.entries()[0]?.sealed === null);
    expect(store.entries()[0].content).toBe('written on the old laptop');

    // The next key goes to current devices only.
    store.send('got it');
    await serveUntil(() => server.posted.length === 1 && store.entries().some((entry) => entry.state === 'sent'));
    expect(server.created[0].previousKeyId).toBe(KEY_ID);
    expect(server.created[0].wrappedKeys.map((wrapped) => wrapped.deviceId).sort()).toEqual([server.aliceDevice!.id, BOB_DEVICE].sort());

    // A key request in the removed laptop's name gets no answer.
    let answered = false;
    void TestBed.inject(ContentKeys)
      .answer({ conversationId: 'c1', userId: bob.id, deviceId: laptopId, keyIds: [KEY_ID] })
      .then(() => (answered = true));
    await serveUntil(() => answered);
    expect(server.added).toEqual([]);
  });

  it('ignores key requests from people outside the conversation', async () => {
    store.open(ROOM, { encryptedFor: [alice, bob] });
    await serveUntil(() => store.status() === 'ready' && server.keyReads === 1);
    const keys = TestBed.inject(ContentKeys);
    await keys.answer({ conversationId: 'c1', userId: 'u9', deviceId: 'mallory-device-0001', keyIds: [KEY_ID] });
    expect(http.match(() => true)).toEqual([]);
    expect(server.added).toEqual([]);
  });
});

function pick(keys: NewDeviceKeys): Pick<Device, 'ecdhPublicKey' | 'signingPublicKey'> {
  return { ecdhPublicKey: keys.ecdhPublicKey, signingPublicKey: keys.signingPublicKey };
}
