import { Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { Device } from '@contracts/encryption';

import { LastKnown, isUnreachable } from '../offline/last-known';
import { KeysApi } from './keys-api';
import { type DevicePublicKeys, importDevicePublicKeys } from './wire';

/**
 * Users' published devices, read once and then kept current by device.added / device.removed
 * on the user channel (the server announces a contact's devices to everyone sharing a
 * conversation with them).
 */
@Injectable({ providedIn: 'root' })
export class DeviceDirectory {
  private readonly api = inject(KeysApi);
  private readonly lastKnown = inject(LastKnown);
  private readonly lists = new Map<string, Promise<readonly Device[]>>();
  private readonly imported = new Map<string, Promise<DevicePublicKeys>>();
  private readonly changes = signal<ReadonlyMap<string, number>>(new Map());

  /** Bumped per user whenever their device list changes while the app runs. */
  readonly changed = this.changes.asReadonly();

  devices(userId: string, fresh = false): Promise<readonly Device[]> {
    let list = this.lists.get(userId);
    if (!list || fresh) {
      const loading = this.read(userId);
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

  /** The device of that user with that id, read again once when it is not (yet) known. */
  async device(userId: string, deviceId: string): Promise<Device | undefined> {
    const known = (await this.devices(userId)).find((device) => device.id === deviceId);
    return known ?? (await this.devices(userId, true)).find((device) => device.id === deviceId);
  }

  /** Public keys only, kept on this browser too, so that stored messages can be checked offline. */
  private async read(userId: string): Promise<readonly Device[]> {
    const stored = `devices:${userId}`;
    try {
      const devices = await firstValueFrom(this.api.devices(userId));
      this.lastKnown.saveSoon(stored, () => devices, 0);
      return devices;
    } catch (error) {
      const known = isUnreachable(error) ? await this.lastKnown.read<Device[]>(stored) : undefined;
      if (!known) {
        throw error;
      }
      // Read again once the server can be asked.
      queueMicrotask(() => this.lists.delete(userId));
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
    this.bump(userId);
  }

  /** Signed out: another user's session starts from nothing. */
  clear(): void {
    this.lists.clear();
    this.changes.set(new Map());
  }

  private bump(userId: string): void {
    this.changes.update((changes) => new Map(changes).set(userId, (changes.get(userId) ?? 0) + 1));
  }
}
