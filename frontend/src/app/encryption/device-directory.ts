import { Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { Device } from '@contracts/encryption';

import { LastKnown, isUnreachable } from '../offline/last-known';
import { KeysApi } from './keys-api';
import { type DevicePublicKeys, importDevicePublicKeys } from './wire';

/**
 * Users' published devices, read once and then kept current by device.added / device.removed
 * on the user channel (the server announces a contact's devices to everyone sharing a
 * conversation with them). Removed (retired) devices are read only when something signed by a
 * device that is no longer current must be checked: they vouch for their past, nothing new is
 * wrapped for them, and they count in no safety number.
 */
@Injectable({ providedIn: 'root' })
export class DeviceDirectory {
  private readonly api = inject(KeysApi);
  private readonly lastKnown = inject(LastKnown);
  private readonly lists = new Map<string, Promise<readonly Device[]>>();
  /** Current and retired devices, per user: read when a signer isn't among the current ones. */
  private readonly withRetired = new Map<string, Promise<readonly Device[]>>();
  private readonly imported = new Map<string, Promise<DevicePublicKeys>>();
  private readonly changes = signal<ReadonlyMap<string, number>>(new Map());

  /** Bumped per user whenever their device list changes while the app runs. */
  readonly changed = this.changes.asReadonly();

  devices(userId: string, fresh = false): Promise<readonly Device[]> {
    let list = this.lists.get(userId);
    if (!list || fresh) {
      const loading = this.read(userId, this.lists, false);
      list = loading;
      this.lists.set(userId, loading);
      // A failed read is not remembered.
      loading.catch(() => this.lists.get(userId) === loading && this.lists.delete(userId));
      if (fresh) {
        void loading.then(
          () => this.bump(userId),
          () => undefined,
        );
      }
    }
    return list;
  }

  /** The current device of that user with that id, read again once when it is not (yet) known. */
  async device(userId: string, deviceId: string): Promise<Device | undefined> {
    const known = (await this.devices(userId)).find((device) => device.id === deviceId);
    return known ?? (await this.devices(userId, true)).find((device) => device.id === deviceId);
  }

  /**
   * The device that signed or wrapped something of that user, current or since removed: a
   * removal doesn't unsay what the device said while it was current (the server refused it
   * anything new from then on).
   */
  async signer(userId: string, deviceId: string): Promise<Device | undefined> {
    const current = await this.device(userId, deviceId);
    if (current) {
      return current;
    }
    const known = (await this.everyDevice(userId)).find((device) => device.id === deviceId);
    return known ?? (await this.everyDevice(userId, true)).find((device) => device.id === deviceId);
  }

  private everyDevice(userId: string, fresh = false): Promise<readonly Device[]> {
    let list = this.withRetired.get(userId);
    if (!list || fresh) {
      const loading = this.read(userId, this.withRetired, true);
      list = loading;
      this.withRetired.set(userId, loading);
      loading.catch(() => this.withRetired.get(userId) === loading && this.withRetired.delete(userId));
    }
    return list;
  }

  /** Public keys only, kept on this browser too, so that stored messages can be checked offline. */
  private async read(userId: string, cache: Map<string, Promise<readonly Device[]>>, withRetired: boolean): Promise<readonly Device[]> {
    const stored = withRetired ? `devices-with-retired:${userId}` : `devices:${userId}`;
    try {
      const devices = await firstValueFrom(this.api.devices(userId, withRetired));
      this.lastKnown.saveSoon(stored, () => devices, 0);
      return devices;
    } catch (error) {
      const known = isUnreachable(error) ? await this.lastKnown.read<Device[]>(stored) : undefined;
      if (!known) {
        throw error;
      }
      // Read again once the server can be asked.
      queueMicrotask(() => cache.delete(userId));
      return known;
    }
  }

  publicKeys(device: Device): Promise<DevicePublicKeys> {
    const cacheKey = `${device.id}:${device.ecdhPublicKey.x}:${device.signingPublicKey.x}`;
    let keys = this.imported.get(cacheKey);
    if (!keys) {
      keys = importDevicePublicKeys(device);
      this.imported.set(cacheKey, keys);
    }
    return keys;
  }

  added(device: Device): void {
    const list = this.lists.get(device.userId);
    if (list) {
      this.lists.set(
        device.userId,
        list.then((devices) => [...devices.filter((known) => known.id !== device.id), device]),
      );
    }
    this.bump(device.userId);
  }

  removed(userId: string, deviceId: string): void {
    const list = this.lists.get(userId);
    if (list) {
      this.lists.set(
        userId,
        list.then((devices) => devices.filter((known) => known.id !== deviceId)),
      );
    }
    // Its past signatures still count: the next check of one reads it, retired, from the server.
    this.withRetired.delete(userId);
    this.bump(userId);
  }

  /** Signed out: another user's session starts from nothing. */
  clear(): void {
    this.lists.clear();
    this.withRetired.clear();
    this.changes.set(new Map());
  }

  private bump(userId: string): void {
    this.changes.update((changes) => new Map(changes).set(userId, (changes.get(userId) ?? 0) + 1));
  }
}
