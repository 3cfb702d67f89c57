import { expect } from '@jest/globals';
import Redis, { Cluster } from 'ioredis';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { ChatMessage, Conversation, MessagePage, NotificationList } from '../../contracts/chat';
import type { ConversationKeys, Device, WrappedKey } from '../../contracts/encryption';
import type { EventEnvelope } from '../../contracts/events';
import { ApiUser } from './support/api';
import { type ContentKey, E2eeDevice, randomId } from './support/e2ee-device';
import { errorOf } from './support/http';
import { SseClient } from './support/sse-client';
import { REDIS_BACKENDS, type RedisBackend, startRedisBackend } from './support/redis-backend';
import { startTestApp, type TestApp } from './support/test-app';

/** A client of the backend: commands on any key, each routed to its node. */
function clientOf(backend: RedisBackend): Redis | Cluster {
  if (backend.env.REDIS_URL !== undefined) {
    return new Redis(backend.env.REDIS_URL);
  }
  return new Cluster(
    backend.env.REDIS_CLUSTER_NODES.split(',').map((node) => ({ host: node.split(':')[0], port: Number(node.split(':')[1]) })),
  );
}

/** Every value one Redis node holds, read by type: what a dump of it would give an operator. */
async function everythingOnNode(client: Redis): Promise<string[]> {
  const parts: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const type = await client.type(key);
      parts.push(key);
      if (type === 'string') {
        parts.push((await client.get(key)) ?? '');
      } else if (type === 'hash') {
        parts.push(...Object.entries(await client.hgetall(key)).flat());
      } else if (type === 'list') {
        parts.push(...(await client.lrange(key, 0, -1)));
      } else if (type === 'set') {
        parts.push(...(await client.smembers(key)));
      } else if (type === 'zset') {
        parts.push(...(await client.zrange(key, 0, -1)));
      } else if (type === 'stream') {
        parts.push(...(await client.xrange(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields]));
      } else {
        throw new Error(`no reader for Redis type ${type} (${key})`);
      }
    }
  } while (cursor !== '0');
  return parts;
}

/** Every value the backend holds, on every master of a cluster. */
async function everythingInRedis(backend: RedisBackend): Promise<string> {
  const client = clientOf(backend);
  try {
    // A cluster client knows its masters once connected.
    await client.ping();
    const nodes = client instanceof Cluster ? client.nodes('master') : [client];
    return (await Promise.all(nodes.map(everythingOnNode))).flat().join('\n');
  } finally {
    client.disconnect();
  }
}

describe.each(REDIS_BACKENDS)('end-to-end encrypted conversations, two pods on %s', (backendKind) => {
  let backend: RedisBackend;
  let podA: TestApp;
  let podB: TestApp;
  const streams: SseClient[] = [];
  const pods = {
    get a(): TestApp {
      return podA;
    },
    get b(): TestApp {
      return podB;
    },
    track: (client: SseClient): SseClient => {
      streams.push(client);
      return client;
    },
  };

  beforeAll(async () => {
    backend = await startRedisBackend(backendKind);
    const env = { ...backend.env, WRITE_RATE_LIMIT: '100000', CHAT_RATE_LIMIT: '1000' };
    [podA, podB] = await Promise.all([startTestApp(env), startTestApp(env)]);
  });

  afterEach(() => {
    for (const client of streams.splice(0)) {
      client.close();
    }
  });

  afterAll(async () => {
    await Promise.all([podA?.close(), podB?.close()]);
    await backend?.stop();
  });

  const put = (user: ApiUser, url: string, path: string) => request(url).put(path).set('Authorization', `Bearer ${user.token}`);

  const publish = async (user: ApiUser, device: E2eeDevice, name = 'Test device'): Promise<Device> =>
    (await put(user, pods.a.url, `/api/keys/devices/${device.id}`).send(device.publishRequest(name)).expect(201)).body as Device;

  const open = async (pod: TestApp, user: ApiUser, channels: string[] = []): Promise<SseClient> => {
    const client = pods.track(await SseClient.open(pod.url, { token: user.token, channels }));
    await client.waitForType('stream.ready');
    return client;
  };

  const dataOf = <T extends keyof import('../../contracts/events').ServerEventMap>(client: SseClient, type: T) =>
    client.ofType(type).map((event) => (event.envelope as EventEnvelope<T>).data);

  const startConversation = async (owner: ApiUser, others: ApiUser[], extra: Record<string, unknown> = {}): Promise<Conversation> =>
    (
      await owner.api
        .post('/api/conversations')
        .send({ usernames: others.map((other) => other.username), ...extra })
        .expect(201)
    ).body as Conversation;

  const createKey = (
    user: ApiUser,
    conversationId: string,
    contentKey: ContentKey,
    previousKeyId: string | null,
    wrappedKeys: WrappedKey[],
  ) => user.api.post(`/api/conversations/${conversationId}/keys`).send({ keyId: contentKey.keyId, previousKeyId, wrappedKeys });

  const keysFor = async (user: ApiUser, conversationId: string, device: E2eeDevice): Promise<ConversationKeys> =>
    (await user.api.get(`/api/conversations/${conversationId}/keys?deviceId=${device.id}`).expect(200)).body as ConversationKeys;

  const send = (user: ApiUser, conversationId: string, body: Record<string, unknown>) =>
    user.api.post(`/api/conversations/${conversationId}/messages`).send(body);

  /** Ann with a phone and a laptop, Ben with a phone, in an encrypted conversation with a first key from Ann's phone. */
  const setUp = async () => {
    const [ann, ben] = await Promise.all(['e2-ann', 'e2-ben'].map((prefix) => ApiUser.register(pods.a.url, prefix)));
    const benOnB = ben.on(pods.b.url);
    const [annPhone, annLaptop, benPhone] = await Promise.all([E2eeDevice.create(), E2eeDevice.create(), E2eeDevice.create()]);
    await publish(ann, annPhone, 'Ann’s phone');
    await publish(ann, annLaptop, 'Ann’s laptop');
    await publish(ben, benPhone, 'Ben’s phone');
    const conversation = await startConversation(ann, [ben]);
    const contentKey = await E2eeDevice.newContentKey();
    await createKey(
      ann,
      conversation.id,
      contentKey,
      null,
      await annPhone.wrapForAll([annPhone, annLaptop, benPhone], conversation.id, contentKey),
    ).expect(204);
    return { ann, ben: benOnB, annPhone, annLaptop, benPhone, conversation, contentKey };
  };

  it('publishes, lists and removes devices, and tells contacts live', async () => {
    const [ann, ben, stranger] = await Promise.all(['dv-ann', 'dv-ben', 'dv-str'].map((prefix) => ApiUser.register(pods.a.url, prefix)));
    await startConversation(ann, [ben]);
    const benStream = await open(pods.b, ben);
    const strangerStream = await open(pods.a, stranger);
    const phone = await E2eeDevice.create();

    const created = await publish(ann, phone, '  Ann’s\u0007 phone ');
    expect(created).toEqual({
      id: phone.id,
      userId: ann.id,
      name: 'Ann’s phone',
      ecdhPublicKey: phone.ecdhPublicKey,
      signingPublicKey: phone.signingPublicKey,
      createdAt: expect.any(String),
    });
    // The same keys again (a retry, a second tab): 200 and nothing new.
    const again = await put(ann, pods.b.url, `/api/keys/devices/${phone.id}`).send(phone.publishRequest('Other name')).expect(200);
    expect(again.body).toEqual(created);
    // Other keys under the same id: a device can't silently change its keys.
    const impostor = await E2eeDevice.create(phone.id);
    const changed = await put(ann, pods.a.url, `/api/keys/devices/${phone.id}`).send(impostor.publishRequest()).expect(409);
    expect(errorOf(changed).message).toMatch(/never changes its keys/);

    await benStream.waitForType('device.added');
    expect(dataOf(benStream, 'device.added')).toEqual([{ device: created }]);

    const mine = (await ann.api.get('/api/keys/devices').expect(200)).body as Device[];
    expect(mine).toEqual([created]);
    // Anyone signed in can read a user's public keys, and nothing else of the device.
    const seen = (await stranger.api.get(`/api/users/${ann.id}/devices`).expect(200)).body as Device[];
    expect(seen).toEqual([created]);
    expect(JSON.stringify(seen)).not.toMatch(/"d"/);
    await stranger.api.get(`/api/users/${randomUUID()}/devices`).expect(404);
    await stranger.api.get('/api/users/not-a-uuid/devices').expect(400);
    await request(pods.a.url).get(`/api/users/${ann.id}/devices`).expect(401);

    // Only the owner removes a device.
    await stranger.api.delete(`/api/keys/devices/${phone.id}`).expect(404);
    await ann.api.delete(`/api/keys/devices/${phone.id}`).expect(204);
    await ann.api.delete(`/api/keys/devices/${phone.id}`).expect(404);
    await benStream.waitForType('device.removed');
    expect(dataOf(benStream, 'device.removed')).toEqual([{ userId: ann.id, deviceId: phone.id }]);
    expect((await ann.api.get('/api/keys/devices').expect(200)).body).toEqual([]);
    // Someone who shares no conversation with Ann heard nothing.
    expect(strangerStream.ofType('device.added')).toHaveLength(0);
    expect(strangerStream.ofType('device.removed')).toHaveLength(0);
  });

  it('refuses devices with bad ids, keys or names, and past the cap', async () => {
    const user = await ApiUser.register(pods.a.url, 'dv-bad');
    const device = await E2eeDevice.create();
    const good = device.publishRequest();
    const refused = async (deviceId: string, body: unknown, pattern: RegExp) => {
      const response = await put(user, pods.a.url, `/api/keys/devices/${deviceId}`)
        .send(body as object)
        .expect(400);
      expect(JSON.stringify(errorOf(response).message)).toMatch(pattern);
    };
    await refused('short', good, /deviceId/);
    await refused('has spaces in it and more', good, /deviceId/);
    await refused(device.id, { ...good, ecdhPublicKey: { ...good.ecdhPublicKey, d: good.ecdhPublicKey.x } }, /private/);
    await refused(device.id, { ...good, signingPublicKey: { ...good.signingPublicKey, crv: 'P-384' } }, /P-256/);
    await refused(device.id, { ...good, ecdhPublicKey: { ...good.ecdhPublicKey, x: `${good.ecdhPublicKey.x}=` } }, /32 bytes/);
    await refused(device.id, { ...good, ecdhPublicKey: { ...good.ecdhPublicKey, y: good.ecdhPublicKey.x } }, /curve/);
    await refused(device.id, { ...good, ecdhPublicKey: 'key' }, /ecdhPublicKey/);
    await refused(device.id, { ...good, name: ' \u0001\u0002 ' }, /name/);
    await refused(device.id, { ...good, name: 'x'.repeat(65) }, /name/);
    await refused(device.id, { ...good, name: 'Phone \u202egnp.exe' }, /text-direction/);
    await refused(device.id, { ...good, extra: 1 }, /extra/);
    expect((await user.api.get('/api/keys/devices').expect(200)).body).toEqual([]);

    for (let i = 0; i < 20; i++) {
      await put(user, pods.a.url, `/api/keys/devices/${randomId()}`)
        .send((await E2eeDevice.create()).publishRequest())
        .expect(201);
    }
    const full = await put(user, pods.a.url, `/api/keys/devices/${device.id}`).send(good).expect(409);
    expect(errorOf(full).message).toMatch(/20 devices/);
  });

  it('relays only ciphertext: participants decrypt, Redis holds no plaintext, plaintext and forgeries are refused', async () => {
    const { ann, ben, annPhone, annLaptop, benPhone, conversation, contentKey } = await setUp();
    expect(conversation.encrypted).toBe(true);
    const secret = `the treasure is under the oak ${randomUUID()}`;
    const benStream = await open(pods.b, ben, [`conversation:${conversation.id}`]);

    const plain = await send(ann, conversation.id, { content: secret }).expect(400);
    expect(errorOf(plain).message).toBe('this conversation is end-to-end encrypted: send `encrypted`, not `content`');
    await send(ann, conversation.id, {}).expect(400);

    const encrypted = await annPhone.encrypt(conversation.id, contentKey, { v: 1, text: secret });
    const posted = (await send(ann, conversation.id, { encrypted, mentions: [ben.id, ann.id], clientId: 'e-1' }).expect(201))
      .body as ChatMessage;
    expect(posted).toEqual(expect.objectContaining({ userId: ann.id, encrypted, clientId: 'e-1' }));
    expect(posted.content).toBeUndefined();
    await benStream.waitForType('chat.message');
    expect(dataOf(benStream, 'chat.message')[0].message.encrypted).toEqual(encrypted);

    // Ben's phone and Ann's laptop read it with the key wrapped for them.
    const page = (await ben.api.get(`/api/conversations/${conversation.id}/messages`).expect(200)).body as MessagePage;
    for (const [user, device] of [
      [ben, benPhone],
      [ann, annLaptop],
    ] as const) {
      const keys = await keysFor(user, conversation.id, device);
      expect(keys).toEqual({
        currentKeyId: contentKey.keyId,
        rotationNeeded: false,
        keys: [expect.objectContaining({ current: true, createdBy: ann.id })],
      });
      const key = await device.unwrap(keys.keys[0].wrapped, annPhone, conversation.id, contentKey.keyId);
      expect(await E2eeDevice.decrypt(conversation.id, key, page.messages[0].encrypted!, annPhone)).toEqual({ v: 1, text: secret });
    }

    // Mentions carry who and where, never text; the author isn't notified.
    const notifications = (await ben.api.get('/api/notifications').expect(200)).body as NotificationList;
    expect(notifications.notifications[0]).toEqual(
      expect.objectContaining({ kind: 'mention', roomId: `conversation:${conversation.id}`, messageId: posted.id }),
    );
    expect(notifications.notifications[0]).not.toHaveProperty('excerpt');
    expect(((await ann.api.get('/api/notifications').expect(200)).body as NotificationList).notifications).toEqual([]);

    // Forged or misattributed messages.
    const other = await annPhone.encrypt(conversation.id, contentKey, { v: 1, text: 'other' });
    const tampered = { ...encrypted, ciphertext: other.ciphertext };
    expect(errorOf(await send(ann, conversation.id, { encrypted: tampered }).expect(400)).message).toMatch(/signature/);
    const bySomeoneElse = await benPhone.encrypt(conversation.id, contentKey, { v: 1, text: 'as ann' });
    expect(errorOf(await send(ann, conversation.id, { encrypted: bySomeoneElse }).expect(400)).message).toMatch(/senderDeviceId/);
    // A message signed for another conversation can't be replayed here.
    const elsewhere = await annPhone.encrypt(randomUUID(), contentKey, { v: 1, text: 'replayed' });
    await send(ann, conversation.id, { encrypted: elsewhere }).expect(400);
    const stale = await annPhone.encrypt(conversation.id, { ...contentKey, keyId: randomId() }, { v: 1, text: 'old key' });
    expect(errorOf(await send(ann, conversation.id, { encrypted: stale }).expect(409))).toMatchObject({ code: 'new_key_needed' });
    for (const broken of [
      { ...encrypted, iv: 'AAAA' },
      { ...encrypted, signature: encrypted.signature.slice(2) },
      { ...encrypted, ciphertext: 'x'.repeat(40_000) },
      { ...encrypted, keyId: 'short' },
      { ...encrypted, extra: 'no' },
    ]) {
      await send(ann, conversation.id, { encrypted: broken }).expect(400);
    }
    await send(ann, conversation.id, { encrypted, content: secret }).expect(400);
    await send(ann, conversation.id, { encrypted, mentions: ['not-a-uuid'] }).expect(400);

    // The raw database: no plaintext anywhere, while a board message in the same Redis is readable.
    const boardSecret = `board text ${randomUUID()}`;
    const board = await ann.createBoard('Readable');
    await ann.api.post(`/api/boards/${board.id}/messages`).send({ content: boardSecret }).expect(201);
    const dump = await everythingInRedis(backend);
    expect(dump).toContain(boardSecret);
    expect(dump).toContain(encrypted.ciphertext);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain('treasure');
  });

  it('creates keys by compare-and-swap, for every current device, with signed wraps only', async () => {
    const { ann, ben, annPhone, annLaptop, benPhone, conversation, contentKey } = await setUp();
    const benStream = await open(pods.b, ben);
    const next = await E2eeDevice.newContentKey();
    const all = await annPhone.wrapForAll([annPhone, annLaptop, benPhone], conversation.id, next);

    const stale = await createKey(ann, conversation.id, next, null, all).expect(409);
    expect(errorOf(stale)).toMatchObject({ code: 'stale_key', currentKeyId: contentKey.keyId });
    expect(errorOf(stale).message).toMatch(/current key changed/);
    const missing = await createKey(ann, conversation.id, next, contentKey.keyId, all.slice(0, 2)).expect(409);
    expect(errorOf(missing)).toMatchObject({ code: 'missing_devices', missingDeviceIds: [benPhone.id] });
    expect(errorOf(missing).message).toContain(benPhone.id);

    const forged = all.map((wrap, index) => (index === 2 ? { ...wrap, signature: all[0].signature } : wrap));
    expect(errorOf(await createKey(ann, conversation.id, next, contentKey.keyId, forged).expect(400)).message).toMatch(/signature/);
    // Ann can't sign as Ben's device, nor wrap for a device outside the conversation.
    const asBen = await benPhone.wrapForAll([annPhone, annLaptop, benPhone], conversation.id, next);
    await createKey(ann, conversation.id, next, contentKey.keyId, asBen).expect(400);
    const outsiderDevice = await E2eeDevice.create();
    const withOutsider = [...all, await annPhone.wrapFor(outsiderDevice, conversation.id, next)];
    await createKey(ann, conversation.id, next, contentKey.keyId, withOutsider).expect(400);
    await createKey(ann, conversation.id, next, contentKey.keyId, [...all, all[0]]).expect(400);
    await createKey(
      ann,
      conversation.id,
      next,
      contentKey.keyId,
      all.map((wrap) => ({ ...wrap, wrappedKey: 'AAAA' })),
    ).expect(400);
    await createKey(
      ann,
      conversation.id,
      contentKey,
      contentKey.keyId,
      await annPhone.wrapForAll([annPhone, annLaptop, benPhone], conversation.id, contentKey),
    ).expect(409);

    await createKey(ann, conversation.id, next, contentKey.keyId, all).expect(204);
    await benStream.waitForType('conversation.key_rotated');
    expect(dataOf(benStream, 'conversation.key_rotated')).toEqual([{ conversationId: conversation.id, keyId: next.keyId }]);
    const keys = await keysFor(ben, conversation.id, benPhone);
    expect(keys.currentKeyId).toBe(next.keyId);
    expect(keys.keys.map((key) => [key.keyId, key.current])).toEqual([
      [contentKey.keyId, false],
      [next.keyId, true],
    ]);
    // The old key no longer takes messages.
    const old = await annPhone.encrypt(conversation.id, contentKey, { v: 1, text: 'old' });
    await send(ann, conversation.id, { encrypted: old }).expect(409);
    await send(ann, conversation.id, { encrypted: await annLaptop.encrypt(conversation.id, next, { v: 1, text: 'new' }) }).expect(201);
    // Keys are fetched only for one's own device.
    await ben.api.get(`/api/conversations/${conversation.id}/keys?deviceId=${annPhone.id}`).expect(400);
    await ben.api.get(`/api/conversations/${conversation.id}/keys`).expect(400);
  });

  it('shares keys with a new device through a key request, and asks for a new key when a device goes', async () => {
    const { ann, ben, annPhone, annLaptop, benPhone, conversation, contentKey } = await setUp();
    const annStream = await open(pods.a, ann);
    const benStream = await open(pods.b, ben);
    const history = await annPhone.encrypt(conversation.id, contentKey, { v: 1, text: 'before the tablet' });
    await send(ann, conversation.id, { encrypted: history }).expect(201);

    // Ben adds a tablet: Ann hears of it, and a new key would now have to cover it.
    const benTablet = await E2eeDevice.create();
    await publish(ben, benTablet, 'Ben’s tablet');
    await annStream.waitFor((events) => events.some((event) => event.type === 'device.added'), 'device.added of the tablet');
    expect((await keysFor(ben, conversation.id, benTablet)).keys).toEqual([]);

    // The tablet asks; Ann's devices hear the request and her phone answers.
    await ben.api.post(`/api/conversations/${conversation.id}/key-requests`).send({ deviceId: benTablet.id }).expect(204);
    await annStream.waitForType('conversation.key_requested');
    const asked = dataOf(annStream, 'conversation.key_requested')[0];
    expect(asked).toEqual({ conversationId: conversation.id, userId: ben.id, deviceId: benTablet.id });
    await ben.api.post(`/api/conversations/${conversation.id}/key-requests`).send({ deviceId: annPhone.id }).expect(400);
    await ben.api
      .post(`/api/conversations/${conversation.id}/key-requests`)
      .send({ deviceId: benTablet.id, keyIds: ['bad'] })
      .expect(400);

    const [tabletWrap] = await annPhone.wrapForAll([benTablet], conversation.id, contentKey);
    const shared = await ann.api
      .post(`/api/conversations/${conversation.id}/keys/${contentKey.keyId}/wrapped`)
      .send({ wrappedKeys: [tabletWrap] })
      .expect(200);
    expect(shared.body).toEqual({ deviceIds: [benTablet.id] });
    await benStream.waitForType('conversation.key_shared');
    expect(dataOf(benStream, 'conversation.key_shared')).toEqual([
      { conversationId: conversation.id, deviceId: benTablet.id, keyIds: [contentKey.keyId] },
    ]);
    // A second answer (Ann's laptop) changes nothing: the first wrap wins.
    const [late] = await annLaptop.wrapForAll([benTablet], conversation.id, contentKey);
    expect(
      (
        await ann.api
          .post(`/api/conversations/${conversation.id}/keys/${contentKey.keyId}/wrapped`)
          .send({ wrappedKeys: [late] })
          .expect(200)
      ).body,
    ).toEqual({
      deviceIds: [],
    });
    const tabletKeys = await keysFor(ben, conversation.id, benTablet);
    expect(tabletKeys.keys.map((key) => key.wrapped)).toEqual([tabletWrap]);
    const key = await benTablet.unwrap(tabletKeys.keys[0].wrapped, annPhone, conversation.id, contentKey.keyId);
    expect(await E2eeDevice.decrypt(conversation.id, key, history, annPhone)).toEqual({ v: 1, text: 'before the tablet' });

    // Wraps are checked as on creation; unknown keys are 404.
    const forged = { ...(await annPhone.wrapFor(benPhone, conversation.id, contentKey)), signature: tabletWrap.signature };
    await ann.api
      .post(`/api/conversations/${conversation.id}/keys/${contentKey.keyId}/wrapped`)
      .send({ wrappedKeys: [forged] })
      .expect(400);
    await ann.api
      .post(`/api/conversations/${conversation.id}/keys/${randomId()}/wrapped`)
      .send({ wrappedKeys: [tabletWrap] })
      .expect(404);
    await ann.api
      .post(`/api/conversations/${conversation.id}/keys/bad/wrapped`)
      .send({ wrappedKeys: [tabletWrap] })
      .expect(400);

    // Ben loses the tablet: the current key could be read by it, so the next message needs a new key.
    await ben.api.delete(`/api/keys/devices/${benTablet.id}`).expect(204);
    await annStream.waitFor((events) => events.some((event) => event.type === 'device.removed'), 'device.removed of the tablet');
    expect((await keysFor(ann, conversation.id, annPhone)).rotationNeeded).toBe(true);
    const refused = await send(ann, conversation.id, {
      encrypted: await annPhone.encrypt(conversation.id, contentKey, { v: 1, text: 'x' }),
    }).expect(409);
    expect(errorOf(refused)).toMatchObject({ code: 'new_key_needed', rotationNeeded: true });
    expect(errorOf(refused).message).toMatch(/new key is needed/);

    const rotated = await E2eeDevice.newContentKey();
    // The removed tablet is no participant device any more.
    await createKey(
      ann,
      conversation.id,
      rotated,
      contentKey.keyId,
      await annPhone.wrapForAll([annPhone, annLaptop, benPhone, benTablet], conversation.id, rotated),
    ).expect(400);
    await createKey(
      ann,
      conversation.id,
      rotated,
      contentKey.keyId,
      await annPhone.wrapForAll([annPhone, annLaptop, benPhone], conversation.id, rotated),
    ).expect(204);
    expect(await keysFor(ann, conversation.id, annPhone)).toMatchObject({ currentKeyId: rotated.keyId, rotationNeeded: false });
    await send(ann, conversation.id, { encrypted: await annPhone.encrypt(conversation.id, rotated, { v: 1, text: 'fresh' }) }).expect(201);
  });

  it('keeps a removed device’s public keys: its old messages and keys still verify and open, it sends and wraps no more', async () => {
    const { ann, ben, annPhone, annLaptop, benPhone, conversation, contentKey } = await setUp();
    // The laptop writes under the first key, then makes the next key and writes under it.
    const before = await annLaptop.encrypt(conversation.id, contentKey, { v: 1, text: 'from the old laptop' });
    await send(ann, conversation.id, { encrypted: before }).expect(201);
    const laptopKey = await E2eeDevice.newContentKey();
    await createKey(
      ann,
      conversation.id,
      laptopKey,
      contentKey.keyId,
      await annLaptop.wrapForAll([annPhone, annLaptop, benPhone], conversation.id, laptopKey),
    ).expect(204);
    const underItsKey = await annLaptop.encrypt(conversation.id, laptopKey, { v: 1, text: 'its own key' });
    await send(ann, conversation.id, { encrypted: underItsKey }).expect(201);

    await ann.api.delete(`/api/keys/devices/${annLaptop.id}`).expect(204);

    // Current lists are as before; include=retired adds the laptop, marked.
    const current = (await ben.api.get(`/api/users/${ann.id}/devices`).expect(200)).body as Device[];
    expect(current.map((device) => device.id)).toEqual([annPhone.id]);
    const withRetired = (await ben.api.get(`/api/users/${ann.id}/devices?include=retired`).expect(200)).body as Device[];
    const laptop = withRetired.find((device) => device.id === annLaptop.id);
    expect(laptop).toEqual(
      expect.objectContaining({
        ecdhPublicKey: annLaptop.ecdhPublicKey,
        signingPublicKey: annLaptop.signingPublicKey,
        removedAt: expect.any(String),
      }),
    );
    expect(withRetired.find((device) => device.id === annPhone.id)).not.toHaveProperty('removedAt');
    const mine = (await ann.api.get('/api/keys/devices?include=retired').expect(200)).body as Device[];
    expect(mine.map((device) => device.id).sort()).toEqual([annPhone.id, annLaptop.id].sort());
    expect(((await ann.api.get('/api/keys/devices').expect(200)).body as Device[]).map((device) => device.id)).toEqual([annPhone.id]);
    await ben.api.get(`/api/users/${ann.id}/devices?include=everything`).expect(400);

    // Ben verifies and reads both of the laptop's messages with its retired public keys.
    const page = (await ben.api.get(`/api/conversations/${conversation.id}/messages`).expect(200)).body as MessagePage;
    const keys = await keysFor(ben, conversation.id, benPhone);
    const first = keys.keys.find((key) => key.keyId === contentKey.keyId)!;
    const second = keys.keys.find((key) => key.keyId === laptopKey.keyId)!;
    expect(second.wrapped.senderDeviceId).toBe(annLaptop.id);
    const firstKey = await benPhone.unwrap(first.wrapped, annPhone, conversation.id, contentKey.keyId);
    const secondKey = await benPhone.unwrap(second.wrapped, laptop!, conversation.id, laptopKey.keyId);
    const byText = new Map(page.messages.map((message) => [message.encrypted!.signature, message.encrypted!]));
    expect(await E2eeDevice.decrypt(conversation.id, firstKey, byText.get(before.signature)!, laptop!)).toEqual({
      v: 1,
      text: 'from the old laptop',
    });
    expect(await E2eeDevice.decrypt(conversation.id, secondKey, byText.get(underItsKey.signature)!, laptop!)).toEqual({
      v: 1,
      text: 'its own key',
    });

    // The retired laptop can't send, wrap or be wrapped for, and its id is never reused.
    const late = await annLaptop.encrypt(conversation.id, laptopKey, { v: 1, text: 'late' });
    expect(errorOf(await send(ann, conversation.id, { encrypted: late }).expect(400)).message).toMatch(/senderDeviceId/);
    const next = await E2eeDevice.newContentKey();
    await createKey(
      ann,
      conversation.id,
      next,
      laptopKey.keyId,
      await annLaptop.wrapForAll([annPhone, benPhone], conversation.id, next),
    ).expect(400);
    await createKey(
      ann,
      conversation.id,
      next,
      laptopKey.keyId,
      await annPhone.wrapForAll([annPhone, annLaptop, benPhone], conversation.id, next),
    ).expect(400);
    await ann.api
      .post(`/api/conversations/${conversation.id}/keys/${laptopKey.keyId}/wrapped`)
      .send({ wrappedKeys: [await annLaptop.wrapFor(annPhone, conversation.id, laptopKey)] })
      .expect(400);
    const missing = await createKey(
      ann,
      conversation.id,
      next,
      laptopKey.keyId,
      await annPhone.wrapForAll([annPhone], conversation.id, next),
    ).expect(409);
    expect(errorOf(missing)).toMatchObject({ code: 'missing_devices', missingDeviceIds: [benPhone.id] });
    await createKey(
      ann,
      conversation.id,
      next,
      laptopKey.keyId,
      await annPhone.wrapForAll([annPhone, benPhone], conversation.id, next),
    ).expect(204);
    const reused = await put(ann, pods.a.url, `/api/keys/devices/${annLaptop.id}`).send(annLaptop.publishRequest()).expect(409);
    expect(errorOf(reused).message).toMatch(/never reused/);
  });

  it('keeps non-participants out of every key endpoint, guessed ids included', async () => {
    const { ann, annPhone, conversation, contentKey } = await setUp();
    const outsider = await ApiUser.register(pods.a.url, 'e2-out');
    const outsiderDevice = await E2eeDevice.create();
    await publish(outsider, outsiderDevice);
    const wraps = await outsiderDevice.wrapForAll([outsiderDevice], conversation.id, contentKey);
    const calls = (id: string) => [
      outsider.api.get(`/api/conversations/${id}/keys?deviceId=${outsiderDevice.id}`),
      outsider.api.post(`/api/conversations/${id}/keys`).send({ keyId: randomId(), previousKeyId: contentKey.keyId, wrappedKeys: wraps }),
      outsider.api.post(`/api/conversations/${id}/keys/${contentKey.keyId}/wrapped`).send({ wrappedKeys: wraps }),
      outsider.api.post(`/api/conversations/${id}/key-requests`).send({ deviceId: outsiderDevice.id }),
    ];
    for (const call of calls(conversation.id)) {
      await call.expect(403);
    }
    for (const call of calls(randomUUID())) {
      await call.expect(404);
    }
    await outsider.api
      .post(`/api/conversations/${conversation.id}/messages`)
      .send({ encrypted: await outsiderDevice.encrypt(conversation.id, contentKey, { v: 1, text: 'hi' }) })
      .expect(403);
    // Nothing the outsider sent reached the conversation's keys.
    expect((await keysFor(ann, conversation.id, annPhone)).currentKeyId).toBe(contentKey.keyId);
  });

  it('lets someone leave a group: their streams lose it at once, and the key must be replaced', async () => {
    const [ann, ben, cat, out] = await Promise.all(
      ['lv-ann', 'lv-ben', 'lv-cat', 'lv-out'].map((prefix) => ApiUser.register(pods.a.url, prefix)),
    );
    const [annPhone, benPhone, catPhone] = await Promise.all([E2eeDevice.create(), E2eeDevice.create(), E2eeDevice.create()]);
    await Promise.all([publish(ann, annPhone), publish(ben, benPhone), publish(cat, catPhone)]);
    const group = await startConversation(ann, [ben, cat]);
    const first = await E2eeDevice.newContentKey();
    await createKey(ann, group.id, first, null, await annPhone.wrapForAll([annPhone, benPhone, catPhone], group.id, first)).expect(204);
    const catOnB = cat.on(pods.b.url);
    const catStream = await open(pods.b, catOnB, [`conversation:${group.id}`]);

    await out.api.delete(`/api/conversations/${group.id}/participants/me`).expect(403);
    await out.api.delete(`/api/conversations/${randomUUID()}/participants/me`).expect(404);
    await catOnB.api.delete(`/api/conversations/${group.id}/participants/me`).expect(204);
    // Her stream on the other pod drops the conversation at once.
    await catStream.waitForType('channel.revoked');
    expect(dataOf(catStream, 'channel.revoked')).toEqual([{ channel: `conversation:${group.id}`, reason: 'left' }]);
    await cat.api.get(`/api/conversations/${group.id}`).expect(403);
    await cat.api.get(`/api/conversations/${group.id}/keys?deviceId=${catPhone.id}`).expect(403);
    await cat.api.delete(`/api/conversations/${group.id}/participants/me`).expect(403);
    expect(
      ((await cat.api.get('/api/conversations').expect(200)).body as Conversation[]).map((conversation) => conversation.id),
    ).not.toContain(group.id);
    const remaining = (await ann.api.get(`/api/conversations/${group.id}`).expect(200)).body as Conversation;
    expect(remaining.participants.map((participant) => participant.id).sort()).toEqual([ann.id, ben.id].sort());

    // Cat's phone could read the current key: no more messages under it.
    expect((await keysFor(ann, group.id, annPhone)).rotationNeeded).toBe(true);
    await send(ann, group.id, { encrypted: await annPhone.encrypt(group.id, first, { v: 1, text: 'x' }) }).expect(409);
    const next = await E2eeDevice.newContentKey();
    // Cat's phone is no participant's device any more.
    await createKey(ann, group.id, next, first.keyId, await annPhone.wrapForAll([annPhone, benPhone, catPhone], group.id, next)).expect(
      400,
    );
    await createKey(ann, group.id, next, first.keyId, await annPhone.wrapForAll([annPhone, benPhone], group.id, next)).expect(204);
    await send(ann, group.id, { encrypted: await annPhone.encrypt(group.id, next, { v: 1, text: 'without cat' }) }).expect(201);

    // Two people's conversation can't be left.
    const left = await ben.api.delete(`/api/conversations/${group.id}/participants/me`).expect(409);
    expect(errorOf(left).message).toMatch(/three or more/);
  });

  it('keeps plaintext conversations as they were: content only, no keys', async () => {
    const [ann, ben] = await Promise.all(['pt-ann', 'pt-ben'].map((prefix) => ApiUser.register(pods.a.url, prefix)));
    const phone = await E2eeDevice.create();
    await publish(ann, phone);
    const open = await startConversation(ann, [ben], { encrypted: false });
    expect(open.encrypted).toBe(false);
    // Asking again with another setting returns the same, unchanged conversation.
    const same = (
      await ben.api
        .post('/api/conversations')
        .send({ usernames: [ann.username], encrypted: true })
        .expect(200)
    ).body as Conversation;
    expect(same).toMatchObject({ id: open.id, encrypted: false });
    await ann.api
      .post('/api/conversations')
      .send({ usernames: [ben.username], encrypted: 'yes' })
      .expect(400);

    await send(ann, open.id, { content: 'hello @' + ben.username }).expect(201);
    const key = await E2eeDevice.newContentKey();
    const encrypted = await phone.encrypt(open.id, key, { v: 1, text: 'hi' });
    expect(errorOf(await send(ann, open.id, { encrypted }).expect(400)).message).toMatch(/not end-to-end encrypted/);
    await send(ann, open.id, { content: 'hi', mentions: [ben.id] }).expect(400);
    const noKeys = await ann.api.get(`/api/conversations/${open.id}/keys?deviceId=${phone.id}`).expect(409);
    expect(errorOf(noKeys).message).toMatch(/not end-to-end encrypted/);
    await ann.api.post(`/api/conversations/${open.id}/key-requests`).send({ deviceId: phone.id }).expect(409);
    // Board rooms take plain text only.
    const board = await ann.createBoard('Plain');
    await ann.api.post(`/api/boards/${board.id}/messages`).send({ encrypted }).expect(400);
  });

  it('reads a conversation stored before encryption existed as not encrypted', async () => {
    const [ann, ben] = await Promise.all(['old-ann', 'old-ben'].map((prefix) => ApiUser.register(pods.a.url, prefix)));
    // Written exactly as the earlier release stored it: no `encrypted` field.
    const record = { id: randomUUID(), participantIds: [ann.id, ben.id].sort(), createdAt: '2026-01-01T00:00:00.000Z' };
    const client = clientOf(backend);
    try {
      await client.set(`conversations:{${record.id}}`, JSON.stringify(record));
      await client.hset('{conversations}:by-participants', record.participantIds.join(','), record.id);
      for (const userId of record.participantIds) {
        await client.zadd(`user-conversations:{${userId}}`, Date.parse(record.createdAt), record.id);
      }
    } finally {
      client.disconnect();
    }
    expect(((await ann.api.get(`/api/conversations/${record.id}`).expect(200)).body as Conversation).encrypted).toBe(false);
    const found = (
      await ben.api
        .post('/api/conversations')
        .send({ usernames: [ann.username] })
        .expect(200)
    ).body as Conversation;
    expect(found).toMatchObject({ id: record.id, encrypted: false });
    const posted = (await send(ben, record.id, { content: 'still plain' }).expect(201)).body as ChatMessage;
    expect(posted.content).toBe('still plain');
  });
});
