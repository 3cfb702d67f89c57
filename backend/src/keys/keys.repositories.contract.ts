import { expect } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Device, WrappedKey } from '../../../contracts/encryption';
import type { ContentKeysRepository } from './content-keys.repository';
import type { DevicesRepository } from './devices.repository';

const b64 = (bytes: number): string => randomBytes(bytes).toString('base64url');
const anId = (): string => b64(16);
const jwk = () => ({ kty: 'EC' as const, crv: 'P-256' as const, x: b64(32), y: b64(32) });
const aDevice = (userId: string, id = anId(), createdAt = new Date().toISOString()): Device => ({
  id,
  userId,
  name: 'Firefox on Linux',
  ecdhPublicKey: jwk(),
  signingPublicKey: jwk(),
  createdAt,
});
const aWrap = (deviceId: string, senderDeviceId = anId()): WrappedKey => ({
  deviceId,
  senderDeviceId,
  wrappedKey: b64(40),
  signature: b64(64),
});
const meta = (keyId = anId(), createdAt = new Date().toISOString()) => ({ keyId, createdBy: randomUUID(), createdAt });

/** Behaviour both device repository adapters must have. */
export function devicesRepositoryContract(make: () => DevicesRepository): void {
  it('publishes devices per user, idempotently, oldest first', async () => {
    const repo = make();
    const [ann, ben] = [randomUUID(), randomUUID()];
    const first = aDevice(ann, anId(), '2026-01-01T00:00:00.000Z');
    const second = aDevice(ann, anId(), '2026-01-02T00:00:00.000Z');
    await expect(repo.publish(second, 5)).resolves.toBe('created');
    await expect(repo.publish(first, 5)).resolves.toBe('created');
    await expect(repo.publish(aDevice(ben), 5)).resolves.toBe('created');
    // The same keys again (a retry, another tab): nothing changes.
    await expect(repo.publish({ ...first, name: 'renamed', createdAt: new Date().toISOString() }, 5)).resolves.toBe('unchanged');
    expect(await repo.list(ann)).toEqual([first, second]);
    await expect(repo.find(ann, first.id)).resolves.toEqual(first);
    await expect(repo.find(ben, first.id)).resolves.toBeUndefined();
    await expect(repo.list(randomUUID())).resolves.toEqual([]);
  });

  it('refuses other keys under a known device id, and devices past the cap', async () => {
    const repo = make();
    const ann = randomUUID();
    const device = aDevice(ann);
    await repo.publish(device, 2);
    await expect(repo.publish({ ...aDevice(ann), id: device.id }, 2)).resolves.toBe('keys_differ');
    await expect(repo.publish(aDevice(ann), 2)).resolves.toBe('created');
    await expect(repo.publish(aDevice(ann), 2)).resolves.toBe('full');
    expect(await repo.list(ann)).toHaveLength(2);
    await expect(repo.find(ann, device.id)).resolves.toEqual(device);
  });

  it('retires a removed device: its place is freed, its keys stay listed as retired, its id is never reused', async () => {
    const repo = make();
    const ann = randomUUID();
    const device = aDevice(ann);
    await repo.publish(device, 1);
    const removedAt = new Date().toISOString();
    await expect(repo.retire(randomUUID(), device.id, removedAt, 10)).resolves.toBe(false);
    await expect(repo.retire(ann, device.id, removedAt, 10)).resolves.toBe(true);
    await expect(repo.retire(ann, device.id, removedAt, 10)).resolves.toBe(false);
    await expect(repo.find(ann, device.id)).resolves.toBeUndefined();
    await expect(repo.list(ann)).resolves.toEqual([]);
    await expect(repo.listRetired(ann)).resolves.toEqual([{ ...device, removedAt }]);
    await expect(repo.publish(device, 1)).resolves.toBe('retired');
    await expect(repo.publish({ ...aDevice(ann), id: device.id }, 1)).resolves.toBe('retired');
    const replacement = aDevice(ann);
    await expect(repo.publish(replacement, 1)).resolves.toBe('created');
    expect(await repo.list(ann)).toEqual([replacement]);
  });

  it('keeps only the most recently retired devices past the cap', async () => {
    const repo = make();
    const ann = randomUUID();
    const devices = [aDevice(ann), aDevice(ann), aDevice(ann)];
    for (const [index, device] of devices.entries()) {
      await repo.publish(device, 5);
      await repo.retire(ann, device.id, `2026-01-0${index + 1}T00:00:00.000Z`, 2);
    }
    const retired = await repo.listRetired(ann);
    expect(retired.map((device) => device.id).sort()).toEqual([devices[1].id, devices[2].id].sort());
    // A forgotten device is gone for good.
    await expect(repo.find(ann, devices[0].id)).resolves.toBeUndefined();
  });
}

/** Behaviour both content key repository adapters must have. */
export function contentKeysRepositoryContract(make: () => ContentKeysRepository): void {
  it('creates keys by compare-and-swap on the current key', async () => {
    const repo = make();
    const conversation = randomUUID();
    const [phone, laptop] = [anId(), anId()];
    await expect(repo.state(conversation)).resolves.toEqual({ currentKeyId: null, rotationNeeded: false });
    const first = meta(anId(), '2026-01-01T00:00:00.000Z');
    await expect(repo.create(conversation, null, first, [aWrap(phone), aWrap(laptop)])).resolves.toBe('created');
    await expect(repo.state(conversation)).resolves.toEqual({ currentKeyId: first.keyId, rotationNeeded: false });
    // A second "first key" lost the race.
    await expect(repo.create(conversation, null, meta(), [aWrap(phone)])).resolves.toBe('stale');
    await expect(repo.create(conversation, first.keyId, { ...meta(), keyId: first.keyId }, [aWrap(phone)])).resolves.toBe('exists');
    const second = meta(anId(), '2026-01-02T00:00:00.000Z');
    await expect(repo.create(conversation, first.keyId, second, [aWrap(phone)])).resolves.toBe('created');
    await expect(repo.create(conversation, first.keyId, meta(), [aWrap(phone)])).resolves.toBe('stale');
    await expect(repo.keyIds(conversation)).resolves.toEqual([first.keyId, second.keyId]);
    await expect(repo.find(conversation, second.keyId)).resolves.toEqual(second);
    await expect(repo.find(randomUUID(), second.keyId)).resolves.toBeUndefined();
    // The laptop was left out of the second key: it only has the first.
    expect((await repo.forDevice(conversation, laptop)).map((key) => key.keyId)).toEqual([first.keyId]);
    const phoneKeys = await repo.forDevice(conversation, phone);
    expect(phoneKeys.map((key) => key.keyId)).toEqual([first.keyId, second.keyId]);
    expect(phoneKeys[1]).toEqual({ ...second, wrapped: expect.objectContaining({ deviceId: phone }) });
    await expect(repo.forDevice(randomUUID(), phone)).resolves.toEqual([]);
  });

  it('adds wraps for more devices, the first wrap of a device winning', async () => {
    const repo = make();
    const conversation = randomUUID();
    const [phone, tablet] = [anId(), anId()];
    const key = meta();
    await repo.create(conversation, null, key, [aWrap(phone)]);
    const tabletWrap = aWrap(tablet);
    await expect(repo.addWraps(conversation, key.keyId, [aWrap(phone), tabletWrap])).resolves.toEqual([tablet]);
    await expect(repo.addWraps(conversation, key.keyId, [aWrap(tablet)])).resolves.toEqual([]);
    expect((await repo.forDevice(conversation, tablet))[0].wrapped).toEqual(tabletWrap);
    // Unknown key: nothing is stored.
    await expect(repo.addWraps(conversation, anId(), [aWrap(anId())])).resolves.toEqual([]);
    await expect(repo.keyIds(conversation)).resolves.toEqual([key.keyId]);
  });

  it('marks a rotation when the current key was wrapped for a removed device, until the next key', async () => {
    const repo = make();
    const conversation = randomUUID();
    const [phone, laptop, stranger] = [anId(), anId(), anId()];
    await expect(repo.markRotationNeeded(conversation, phone)).resolves.toBe(false);
    const first = meta();
    await repo.create(conversation, null, first, [aWrap(phone), aWrap(laptop)]);
    await expect(repo.markRotationNeeded(conversation, stranger)).resolves.toBe(false);
    await expect(repo.state(conversation)).resolves.toEqual({ currentKeyId: first.keyId, rotationNeeded: false });
    await expect(repo.markRotationNeeded(conversation, laptop)).resolves.toBe(true);
    await expect(repo.state(conversation)).resolves.toEqual({ currentKeyId: first.keyId, rotationNeeded: true });
    const second = meta();
    await repo.create(conversation, first.keyId, second, [aWrap(phone)]);
    await expect(repo.state(conversation)).resolves.toEqual({ currentKeyId: second.keyId, rotationNeeded: false });
    // The laptop can't read the new key: removing it now changes nothing.
    await expect(repo.markRotationNeeded(conversation, laptop)).resolves.toBe(false);
  });

  it('requires a rotation when someone leaves, once there is a key', async () => {
    const repo = make();
    const conversation = randomUUID();
    await expect(repo.requireRotation(conversation)).resolves.toBe(false);
    await expect(repo.state(conversation)).resolves.toEqual({ currentKeyId: null, rotationNeeded: false });
    const key = meta();
    await repo.create(conversation, null, key, [aWrap(anId())]);
    await expect(repo.requireRotation(conversation)).resolves.toBe(true);
    await expect(repo.state(conversation)).resolves.toEqual({ currentKeyId: key.keyId, rotationNeeded: true });
  });
}
