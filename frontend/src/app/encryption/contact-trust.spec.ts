import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { PublicUser } from '@contracts/api';
import type { Device } from '@contracts/encryption';

import { AuthStore } from '../auth/auth-store';
import { useFakeIndexedDb } from '../offline/testing/fake-indexed-db';
import { ContactTrust, type TrustStatus } from './contact-trust';
import { DeviceDirectory } from './device-directory';

const bob = 'u2';

function device(n: number): Device {
  return {
    id: `bob-device-${n}`.padEnd(22, '0'),
    userId: bob,
    name: 'Firefox on Linux',
    ecdhPublicKey: { kty: 'EC', crv: 'P-256', x: `e${n}`.padEnd(43, 'A'), y: `e${n}`.padEnd(43, 'B') },
    signingPublicKey: { kty: 'EC', crv: 'P-256', x: `s${n}`.padEnd(43, 'A'), y: `s${n}`.padEnd(43, 'B') },
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('ContactTrust', () => {
  useFakeIndexedDb();
  let http: HttpTestingController;
  let trust: ContactTrust;
  let directory: DeviceDirectory;

  beforeEach(() => {
    const user = signal<PublicUser | null>({ id: 'u1', username: 'alice', displayName: 'Alice' });
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: AuthStore, useValue: { user } }],
    });
    http = TestBed.inject(HttpTestingController);
    trust = TestBed.inject(ContactTrust);
    directory = TestBed.inject(DeviceDirectory);
  });

  afterEach(() => http.verify());

  async function statusOnce(check: (status: TrustStatus) => boolean): Promise<TrustStatus> {
    return vi.waitFor(() => {
      TestBed.tick();
      const status = trust.status(bob);
      expect(status && check(status)).toBe(true);
      return status!;
    });
  }

  it('takes the first keys it sees, warns when a device is added, and binds "verified" to the number', async () => {
    trust.watch([bob]);
    http.expectOne(`/api/users/${bob}/devices`).flush([device(1)]);
    const first = await statusOnce(() => true);
    expect(first).toMatchObject({ deviceCount: 1, changed: false, verified: false, verifiedMismatch: false });

    await trust.setVerified(bob, true);
    expect(trust.status(bob)).toMatchObject({ verified: true, changed: false });

    // Bob adds a device (device.added on the user channel).
    directory.added(device(2));
    const changed = await statusOnce((status) => status.deviceCount === 2);
    expect(changed.safetyNumber).not.toBe(first.safetyNumber);
    expect(changed).toMatchObject({ changed: true, verified: false, verifiedMismatch: true });

    // The user saw the warning: the new keys are the known ones, and need verifying again.
    await trust.acknowledge(bob);
    expect(trust.status(bob)).toMatchObject({ changed: false, verified: false, verifiedMismatch: false });
  });

  it('warns on the next start when the keys changed since the last one', async () => {
    trust.watch([bob]);
    http.expectOne(`/api/users/${bob}/devices`).flush([device(1)]);
    await statusOnce(() => true);

    // A later start of the app: the same IndexedDB, a fresh read of Bob's devices.
    TestBed.resetTestingModule();
    const user = signal<PublicUser | null>({ id: 'u1', username: 'alice', displayName: 'Alice' });
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: AuthStore, useValue: { user } }],
    });
    http = TestBed.inject(HttpTestingController);
    trust = TestBed.inject(ContactTrust);
    trust.watch([bob]);
    http.expectOne(`/api/users/${bob}/devices`).flush([device(3)]);
    expect(await statusOnce(() => true)).toMatchObject({ changed: true, deviceCount: 1 });
  });
});
