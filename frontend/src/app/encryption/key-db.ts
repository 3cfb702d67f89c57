import { Injectable } from '@angular/core';
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';

import type { PublicJwk } from '@contracts/encryption';

import type { DeviceSecrets } from './wire';

/** This browser's device of one user. The private keys are non-extractable CryptoKeys. */
export interface StoredDevice {
  userId: string;
  id: string;
  name: string;
  secrets: DeviceSecrets;
  ecdhPublicKey: PublicJwk;
  signingPublicKey: PublicJwk;
}

/** What this user knows about a contact's keys: bound to a safety number, so any key change shows. */
export interface ContactTrust {
  userId: string;
  contactId: string;
  /** The safety number the user last saw without a warning (or acknowledged). */
  seen: string | null;
  /** The safety number the user compared and marked verified. */
  verified: string | null;
}

interface KeyDbSchema extends DBSchema {
  devices: { key: string; value: StoredDevice };
  contacts: { key: [string, string]; value: ContactTrust };
}

const DB_NAME = 'corkboard-keys';

/**
 * Device secrets and contact trust, apart from the offline cache: clearing cached data must
 * not cost the user their device. Without IndexedDB the device lives as long as the tab.
 */
@Injectable({ providedIn: 'root' })
export class KeyDb {
  private opening: Promise<IDBPDatabase<KeyDbSchema> | null> | undefined;
  private readonly memory = new Map<string, StoredDevice>();

  async device(userId: string): Promise<StoredDevice | undefined> {
    const db = await this.db();
    return db ? await db.get('devices', userId) : this.memory.get(userId);
  }

  async putDevice(device: StoredDevice): Promise<void> {
    const db = await this.db();
    if (db) {
      await db.put('devices', device);
    } else {
      this.memory.set(device.userId, device);
    }
  }

  async trust(userId: string, contactId: string): Promise<ContactTrust> {
    const db = await this.db();
    const stored = await db?.get('contacts', [userId, contactId]).catch(() => undefined);
    return stored ?? { userId, contactId, seen: null, verified: null };
  }

  async putTrust(trust: ContactTrust): Promise<void> {
    const db = await this.db();
    await db?.put('contacts', trust).catch(() => undefined);
  }

  private db(): Promise<IDBPDatabase<KeyDbSchema> | null> {
    this.opening ??= this.open();
    return this.opening;
  }

  private async open(): Promise<IDBPDatabase<KeyDbSchema> | null> {
    if (typeof indexedDB === 'undefined') {
      return null;
    }
    try {
      return await openDB<KeyDbSchema>(DB_NAME, 1, {
        upgrade(db) {
          db.createObjectStore('devices', { keyPath: 'userId' });
          db.createObjectStore('contacts', { keyPath: ['userId', 'contactId'] });
        },
      });
    } catch {
      return null;
    }
  }
}
