import type { Device } from '../../../contracts/encryption';

/** What publishing a device did: `unchanged` when the same keys were already there (idempotent). */
export type PublishOutcome = 'created' | 'unchanged' | 'keys_differ' | 'full';

/** Port: each user's published devices (public keys only). */
export abstract class DevicesRepository {
  /** Adds the device unless its id is taken or the user has `maxDevices` already; one atomic step. */
  abstract publish(device: Device, maxDevices: number): Promise<PublishOutcome>;
  /** Oldest first. */
  abstract list(userId: string): Promise<Device[]>;
  abstract find(userId: string, deviceId: string): Promise<Device | undefined>;
  abstract remove(userId: string, deviceId: string): Promise<boolean>;
}

/** The keys that identify a device: a device id may never be republished with others. */
export const deviceKeysFingerprint = (device: Pick<Device, 'ecdhPublicKey' | 'signingPublicKey'>): string =>
  [device.ecdhPublicKey.x, device.ecdhPublicKey.y, device.signingPublicKey.x, device.signingPublicKey.y].join('.');

export const byCreation = (a: Device, b: Device): number => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
