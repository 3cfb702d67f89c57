import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { AuthResponse, Me, PublicUser } from '@contracts/api';

import { OfflineDb } from '../offline/offline-db';
import { AuthStore, LAST_USER_KEY, type StoredUser } from './auth-store';
import { useFakeIndexedDb } from '../offline/testing/fake-indexed-db';

useFakeIndexedDb();

const alice: PublicUser = { id: 'u-offline-alice', username: 'alice', displayName: 'Alice Liddell' };
const bob: PublicUser = { id: 'u-offline-bob', username: 'bob', displayName: 'Bob' };
const inAnHour = (): string => new Date(Date.now() + 3_600_000).toISOString();

describe('AuthStore offline start', () => {
  let store: AuthStore;
  let http: HttpTestingController;
  let db: OfflineDb;

  function login(user = alice): Promise<PublicUser> {
    const done = store.login({ username: user.username, password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user, accessToken: 't', expiresAt: inAnHour() } satisfies AuthResponse);
    return done;
  }

  /** A fresh page load: a new store over the same IndexedDB. */
  async function reloadAnd(answer: (request: ReturnType<HttpTestingController['expectOne']>) => void): Promise<void> {
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    store = TestBed.inject(AuthStore);
    http = TestBed.inject(HttpTestingController);
    const restored = store.restore();
    answer(http.expectOne('/api/auth/me'));
    await restored;
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    store = TestBed.inject(AuthStore);
    http = TestBed.inject(HttpTestingController);
    db = TestBed.inject(OfflineDb);
    await db.metaDelete(LAST_USER_KEY);
  });

  afterEach(() => http.verify());

  it('starts as the last confirmed user, unverified, when the server cannot be reached', async () => {
    await login();
    await expect.poll(() => db.metaGet<StoredUser>(LAST_USER_KEY)).toMatchObject({ user: alice });

    await reloadAnd((request) => request.error(new ProgressEvent('error')));

    expect(store.user()).toEqual(alice);
    expect(store.verified()).toBe(false);
  });

  it('starts the same way when a gateway answers 504', async () => {
    await login();
    await expect.poll(() => db.metaGet<StoredUser>(LAST_USER_KEY)).toMatchObject({ user: alice });

    await reloadAnd((request) => request.flush(null, { status: 504, statusText: 'Gateway Timeout' }));

    expect(store.user()).toEqual(alice);
  });

  it('starts logged out when the stored session has expired', async () => {
    await db.metaPut(LAST_USER_KEY, { user: alice, expiresAt: new Date(Date.now() - 1_000).toISOString() } satisfies StoredUser);

    await reloadAnd((request) => request.error(new ProgressEvent('error')));

    expect(store.isAuthenticated()).toBe(false);
  });

  it('is verified once the server confirms the cookie', async () => {
    await db.metaPut(LAST_USER_KEY, { user: alice, expiresAt: inAnHour() } satisfies StoredUser);
    await reloadAnd((request) => request.error(new ProgressEvent('error')));

    const answer = store.verify();
    await Promise.resolve();
    http.expectOne('/api/auth/me').flush({ ...alice, roles: ['user'], expiresAt: inAnHour(), locale: null } satisfies Me);

    await expect(answer).resolves.toBe(true);
    expect(store.verified()).toBe(true);
  });

  it('forgets the stored user when the server says the cookie is no good', async () => {
    await db.metaPut(LAST_USER_KEY, { user: alice, expiresAt: inAnHour() } satisfies StoredUser);

    await reloadAnd((request) => request.flush(null, { status: 401, statusText: 'Unauthorized' }));

    expect(store.isAuthenticated()).toBe(false);
    expect(await db.metaGet(LAST_USER_KEY)).toBeUndefined();
  });

  it('forgets the user and everything stored for them on logout', async () => {
    await login();
    await db.cachePut(alice.id, 'boards', ['stored']);

    const done = store.logout();
    http.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    await done;

    expect(await db.metaGet(LAST_USER_KEY)).toBeUndefined();
    expect(await db.cacheGet(alice.id, 'boards')).toBeUndefined();
    await reloadAnd((request) => request.error(new ProgressEvent('error')));
    expect(store.isAuthenticated()).toBe(false);
  });

  it('forgets the previous user’s stored data when someone else signs in on this browser', async () => {
    // Alice's session ran out with the browser closed: nothing signed her out here.
    await db.metaPut(LAST_USER_KEY, { user: alice, expiresAt: new Date(Date.now() - 1_000).toISOString() } satisfies StoredUser);
    await db.cachePut(alice.id, 'boards', ['alice’s']);

    await login(bob);

    await expect.poll(() => db.metaGet<StoredUser>(LAST_USER_KEY)).toMatchObject({ user: bob });
    expect(await db.cacheGet(alice.id, 'boards')).toBeUndefined();
  });
});
