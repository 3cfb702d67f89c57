import { Injectable, effect, inject, signal, untracked } from '@angular/core';

import { AuthStore } from '../auth/auth-store';
import { DeviceDirectory } from './device-directory';
import { KeyDb } from './key-db';
import { safetyNumber } from './safety-number';

/** What the user should know about one contact's keys. */
export interface TrustStatus {
  /** 12 groups of 5 digits; empty while the contact has no device. */
  readonly safetyNumber: string;
  readonly deviceCount: number;
  /** The user compared this very safety number and marked it verified. */
  readonly verified: boolean;
  /** The keys differ from the ones last seen here (a device added or removed). */
  readonly changed: boolean;
  /** The user had verified this contact, and the keys no longer match. */
  readonly verifiedMismatch: boolean;
}

/**
 * Safety numbers of contacts and what this user decided about them, bound to the number
 * (stored per user in IndexedDB): a device added or removed shows as a change.
 */
@Injectable({ providedIn: 'root' })
export class ContactTrust {
  private readonly db = inject(KeyDb);
  private readonly auth = inject(AuthStore);
  private readonly directory = inject(DeviceDirectory);
  private readonly statuses = signal<ReadonlyMap<string, TrustStatus>>(new Map());
  private readonly watched = new Set<string>();
  private readonly versions = new Map<string, number>();

  constructor() {
    // A watched contact's devices changed while the app runs: compute their number again.
    effect(() => {
      const changes = this.directory.changed();
      untracked(() => {
        for (const contactId of this.watched) {
          const version = changes.get(contactId) ?? 0;
          if (this.versions.get(contactId) !== version) {
            this.versions.set(contactId, version);
            void this.refresh(contactId);
          }
        }
      });
    });
  }

  status(contactId: string): TrustStatus | undefined {
    return this.statuses().get(contactId);
  }

  /** Keeps these contacts' statuses current. */
  watch(contactIds: readonly string[]): void {
    for (const contactId of contactIds) {
      if (!this.watched.has(contactId)) {
        this.watched.add(contactId);
        this.versions.set(contactId, this.directory.changed().get(contactId) ?? 0);
        void this.refresh(contactId);
      }
    }
  }

  /** The user saw the change: the current keys become the known ones. */
  async acknowledge(contactId: string): Promise<void> {
    const me = this.auth.user()?.id;
    const status = this.status(contactId);
    if (me && status) {
      const trust = await this.db.trust(me, contactId);
      // A verification of other keys no longer holds: the user verifies again when they want.
      const verified = trust.verified === status.safetyNumber ? trust.verified : null;
      await this.db.putTrust({ ...trust, seen: status.safetyNumber, verified });
      await this.refresh(contactId);
    }
  }

  /** Marks (or unmarks) the contact's current safety number as compared and verified. */
  async setVerified(contactId: string, verified: boolean): Promise<void> {
    const me = this.auth.user()?.id;
    const status = this.status(contactId);
    if (me && status) {
      const number = verified ? status.safetyNumber : null;
      await this.db.putTrust({ ...(await this.db.trust(me, contactId)), verified: number, seen: status.safetyNumber });
      await this.refresh(contactId);
    }
  }

  private async refresh(contactId: string): Promise<void> {
    const me = this.auth.user()?.id;
    if (!me) {
      return;
    }
    try {
      const devices = await this.directory.devices(contactId);
      const number = devices.length ? await safetyNumber(contactId, devices) : '';
      const trust = await this.db.trust(me, contactId);
      if (trust.seen === null && number) {
        // First sight of this contact's keys: nothing to compare with yet.
        trust.seen = number;
        await this.db.putTrust(trust);
      }
      const status: TrustStatus = {
        safetyNumber: number,
        deviceCount: devices.length,
        verified: number !== '' && trust.verified === number,
        changed: number !== '' && trust.seen !== number,
        verifiedMismatch: trust.verified !== null && trust.verified !== number,
      };
      this.statuses.update((statuses) => new Map(statuses).set(contactId, status));
    } catch {
      // Unreachable: the next change or visit tries again.
    }
  }
}
