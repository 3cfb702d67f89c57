import type { Device } from '../../../contracts/encryption';

/**
 * What publishing a device did: `unchanged` when the same keys were already there (idempotent),
 * `retired` when the id belongs to a removed device (ids are never reused).
 */
export type PublishOutcome = 'created' | 'unchanged' | 'keys_differ' | 'full' | 'retired';

/** Port: each user's published devices (public keys only), current and retired. */
export abstract class DevicesRepository {
  /** Adds the device unless its id is taken (by a current or retired device) or the user has `maxDevices` already; one atomic step. */
  abstract publish(device: Device, maxDevices: number): Promise<PublishOutcome>;
  /** Current devices, oldest first. */
  abstract list(userId: string): Promise<Device[]>;
  /** Retired devices (with `removedAt`), oldest first. */
  abstract listRetired(userId: string): Promise<Device[]>;
  /** A current device. */
  abstract find(userId: string, deviceId: string): Promise<Device | undefined>;
  /**
   * Moves a current device to the retired ones, stamped `removedAt`; false when it is not a
   * current device. Keeps the `keepRetired` most recently retired: older ones are forgotten.
   */
  abstract retire(userId: string, deviceId: string, removedAt: string, keepRetired: number): Promise<boolean>;
}

/** The keys that identify a device: a device id may never be republished with others. */
export const deviceKeysFingerprint = (device: Pick<Device, 'ecdhPublicKey' | 'signingPublicKey'>): string =>
  [device.ecdhPublicKey.x, device.ecdhPublicKey.y, device.signingPublicKey.x, device.signingPublicKey.y].join('.');

export const byCreation = (a: Device, b: Device): number => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
