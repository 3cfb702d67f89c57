import { expect } from '@jest/globals';
import { generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { userChannel } from '../../../contracts/channels';
import { type PublicJwk, type WrappedKey, wrapSignedBytes } from '../../../contracts/encryption';
import { MemoryConversationsRepository } from '../chat/conversations.memory.repository';
import { loadConfig } from '../config/app-config';
import { MemoryEventBus } from '../events/event-bus.memory';
import type { Actor } from '../users/actor';
import { MemoryUsersRepository } from '../users/users.memory.repository';
import { MemoryContentKeysRepository } from './content-keys.memory.repository';
import { MemoryDevicesRepository } from './devices.memory.repository';
import { KeysService } from './keys.service';

const actor = (name: string): Actor => ({ id: randomUUID(), username: name, displayName: name });
const deviceId = (): string => randomBytes(16).toString('base64url');

function aDevice() {
  const ecdh = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signing = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = (pair: typeof ecdh) => pair.publicKey.export({ format: 'jwk' }) as unknown as PublicJwk;
  return {
    id: deviceId(),
    request: { ecdhPublicKey: jwk(ecdh), signingPublicKey: jwk(signing), name: 'Test' },
    // The server never unwraps: any 40 bytes do, as long as the signature covers them.
    wrapFor(recipientId: string, conversationId: string, keyId: string): WrappedKey {
      const unsigned = { deviceId: recipientId, senderDeviceId: this.id, wrappedKey: randomBytes(40).toString('base64url') };
      const signature = sign('sha256', Buffer.from(wrapSignedBytes(conversationId, keyId, unsigned)), {
        key: signing.privateKey,
        dsaEncoding: 'ieee-p1363',
      });
      return { ...unsigned, signature: signature.toString('base64url') };
    },
  };
}

describe('KeysService', () => {
  const setUp = async () => {
    const bus = new MemoryEventBus(loadConfig({ NODE_ENV: 'test' }));
    const conversations = new MemoryConversationsRepository();
    const keys = new MemoryContentKeysRepository();
    const service = new KeysService(new MemoryDevicesRepository(), keys, conversations, new MemoryUsersRepository(), bus);
    const published: Array<{ channels: readonly string[]; type: string }> = [];
    jest.spyOn(bus, 'publishMany').mockImplementation(async (channels, type) => {
      published.push({ channels, type });
      return [];
    });
    jest.spyOn(bus, 'publish').mockImplementation(async (channel: string, type: string) => {
      published.push({ channels: [channel], type });
      return undefined as never;
    });
    const [ann, ben, cat, stranger] = ['ann', 'ben', 'cat', 'stranger'].map(actor);
    const start = async (people: Actor[], encrypted: boolean) =>
      (
        await conversations.findOrCreate({
          id: randomUUID(),
          participantIds: people.map((person) => person.id),
          createdAt: new Date().toISOString(),
          encrypted,
        })
      ).conversation;
    return { service, keys, published, ann, ben, cat, stranger, start };
  };

  it('announces a new device to its owner and everyone sharing a conversation with them, and no one else', async () => {
    const { service, published, ann, ben, cat, stranger, start } = await setUp();
    await start([ann, ben], true);
    await start([ann, cat], false);
    const phone = aDevice();
    await expect(service.publishDevice(ann, phone.id, phone.request)).resolves.toMatchObject({ created: true });
    await expect(service.publishDevice(ann, phone.id, phone.request)).resolves.toMatchObject({ created: false });
    expect(published).toEqual([
      { type: 'device.added', channels: expect.arrayContaining([ann, ben, cat].map((person) => userChannel(person.id))) },
    ]);
    expect(published[0].channels).toHaveLength(3);
    expect(published[0].channels).not.toContain(userChannel(stranger.id));
  });

  it('asks for a new key only in conversations whose current key the removed device could read', async () => {
    const { service, keys, published, ann, ben, cat, start } = await setUp();
    const [phone, laptop, benPhone, catPhone] = [aDevice(), aDevice(), aDevice(), aDevice()];
    await service.publishDevice(ann, phone.id, phone.request);
    await service.publishDevice(ben, benPhone.id, benPhone.request);
    await service.publishDevice(cat, catPhone.id, catPhone.request);
    const withBen = await start([ann, ben], true);
    const withCat = await start([ann, cat], true);
    const keyId = deviceId();
    // The key with Cat predates the laptop: losing the laptop changes nothing there.
    await service.createKey(
      ann,
      withCat.id,
      keyId,
      null,
      [phone, catPhone].map((to) => phone.wrapFor(to.id, withCat.id, keyId)),
    );
    await service.publishDevice(ann, laptop.id, laptop.request);
    await service.createKey(
      ann,
      withBen.id,
      keyId,
      null,
      [phone, laptop, benPhone].map((to) => phone.wrapFor(to.id, withBen.id, keyId)),
    );
    published.length = 0;

    await service.removeDevice(ann, laptop.id);
    await expect(keys.state(withBen.id)).resolves.toEqual({ currentKeyId: keyId, rotationNeeded: true });
    await expect(keys.state(withCat.id)).resolves.toEqual({ currentKeyId: keyId, rotationNeeded: false });
    expect(published.map((event) => event.type)).toEqual(['device.removed']);
    await expect(service.removeDevice(ann, laptop.id)).rejects.toThrow('Device not found');
  });
});
