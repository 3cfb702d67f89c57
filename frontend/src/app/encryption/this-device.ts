import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { isUnreachable } from '../offline/unreachable';
import { randomId } from './base64url';
import { KeyDb, type StoredDevice } from './key-db';
import { KeysApi } from './keys-api';
import { generateDeviceKeys } from './wire';

/**
 * This browser's device for the signed-in user: made once, kept in IndexedDB, published to
 * the server. Tabs of one browser share it; Web Locks keep two of them from making one each.
 */
@Injectable({ providedIn: 'root' })
export class ThisDevice {
  private readonly api = inject(KeysApi);
  private readonly db = inject(KeyDb);
  private loading: { userId: string; device: Promise<StoredDevice> } | null = null;
  private readonly currentId = signal<string | null>(null);
  private readonly unpublished = new Set<string>();
  private lastUserId: string | null = null;

  /** The device id once it is published; null before. */
  readonly id = this.currentId.asReadonly();

  /** This browser's published device for the user (made on first use). */
  ready(userId: string): Promise<StoredDevice> {
    if (this.loading?.userId !== userId) {
      if (this.lastUserId !== userId) {
        this.currentId.set(null);
        this.lastUserId = userId;
      }
      const device = withLock(`corkboard.device:${userId}`, () => this.load(userId));
      this.loading = { userId, device };
      device.then(
        (loaded) => this.loading?.device === device && this.currentId.set(loaded.id),
        // Offline or refused: the next use tries again.
        () => this.loading?.device === device && (this.loading = null),
      );
    }
    const loading = this.loading;
    if (this.unpublished.has(userId)) {
      // Started offline with a stored device: it works from storage, and is published once the server answers.
      this.unpublished.delete(userId);
      void loading.device.then(() => {
        if (this.loading === loading) {
          this.loading = null;
        }
      });
    }
    return loading.device;
  }

  private async load(userId: string): Promise<StoredDevice> {
    const stored = await this.db.device(userId);
    if (stored) {
      try {
        await this.publish(stored);
        return stored;
      } catch (error) {
        if (isUnreachable(error)) {
          this.unpublished.add(userId);
          return stored;
        }
        // The server knows this id with other keys (another browser's, or an old copy of ours).
        if (!(error instanceof HttpErrorResponse && error.status === 409)) {
          throw error;
        }
      }
    }
    const device = await this.create(userId);
    await this.publish(device);
    await this.db.putDevice(device);
    return device;
  }

  private async create(userId: string): Promise<StoredDevice> {
    const keys = await generateDeviceKeys();
    return { userId, id: randomId(), name: deviceName(navigator.userAgent), ...keys };
  }

  /** Idempotent: the same id with the same keys is simply there again. */
  private async publish(device: StoredDevice): Promise<void> {
    const { ecdhPublicKey, signingPublicKey, name } = device;
    await firstValueFrom(this.api.publishDevice(device.id, { ecdhPublicKey, signingPublicKey, name }));
  }
}

function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? (locks.request(name, work) as Promise<T>) : work();
}

/** "Firefox on Linux": enough for a person to tell their devices apart. */
export function deviceName(userAgent: string): string {
  const browser =
    [
      ['Edg/', 'Edge'],
      ['Firefox/', 'Firefox'],
      ['Chromium/', 'Chromium'],
      ['Chrome/', 'Chrome'],
      ['Safari/', 'Safari'],
    ].find(([token]) => userAgent.includes(token))?.[1] ?? 'Browser';
  const system =
    [
      ['Android', 'Android'],
      ['iPhone', 'iOS'],
      ['iPad', 'iPadOS'],
      ['Windows', 'Windows'],
      ['Mac OS', 'macOS'],
      ['CrOS', 'ChromeOS'],
      ['Linux', 'Linux'],
    ].find(([token]) => userAgent.includes(token))?.[1] ?? 'an unknown system';
  return `${browser} on ${system}`;
}
