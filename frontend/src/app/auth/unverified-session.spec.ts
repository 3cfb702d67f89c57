import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Me, PublicUser } from '@contracts/api';

import { OfflineDb } from '../offline/offline-db';
import { type ConnectionState, RealtimeClient } from '../realtime/realtime-client';
import { AuthStore, LAST_USER_KEY, type StoredUser } from './auth-store';
import { verifyWhenReachable } from './unverified-session';
import { useFakeIndexedDb } from '../offline/testing/fake-indexed-db';

useFakeIndexedDb();

@Component({ template: '' })
class StubPage {}

const alice: PublicUser = { id: 'u-unverified-alice', username: 'alice', displayName: 'Alice' };
const inAnHour = (): string => new Date(Date.now() + 3_600_000).toISOString();

describe('verifyWhenReachable', () => {
  let auth: AuthStore;
  let http: HttpTestingController;
  let state: ReturnType<typeof signal<ConnectionState>>;

  beforeEach(async () => {
    state = signal<ConnectionState>('offline');
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'login', component: StubPage }]),
        { provide: RealtimeClient, useValue: { state } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStore);
    await TestBed.inject(OfflineDb).metaPut(LAST_USER_KEY, { user: alice, expiresAt: inAnHour() } satisfies StoredUser);
    const restored = auth.restore();
    http.expectOne('/api/auth/me').error(new ProgressEvent('error'));
    await restored;
    expect(auth.verified()).toBe(false);
    TestBed.runInInjectionContext(() => verifyWhenReachable());
  });

  afterEach(() => http.verify());

  /** The check starts a microtask or two after its cue. */
  async function nextMe(): Promise<TestRequest> {
    let found: TestRequest[] = [];
    await expect.poll(() => (found = http.match('/api/auth/me')).length).toBe(1);
    return found[0];
  }

  async function liveAgainAnswering(answer: (request: TestRequest) => void): Promise<void> {
    state.set('live');
    TestBed.tick();
    answer(await nextMe());
  }

  it('confirms the user once the stream is back', async () => {
    await liveAgainAnswering((request) => request.flush({ ...alice, roles: ['user'], expiresAt: inAnHour(), locale: null } satisfies Me));

    await expect.poll(() => auth.verified()).toBe(true);
    expect(auth.user()?.id).toBe(alice.id);
  });

  it('ends the session when the server refuses the cookie', async () => {
    await liveAgainAnswering((request) => request.flush(null, { status: 401, statusText: 'Unauthorized' }));

    await expect.poll(() => auth.isAuthenticated()).toBe(false);
    await expect.poll(() => TestBed.inject(Router).url).toMatch(/^\/login/);
  });

  it('asks again when the browser comes back online', async () => {
    window.dispatchEvent(new Event('online'));
    (await nextMe()).flush({ ...alice, roles: ['user'], expiresAt: inAnHour(), locale: null } satisfies Me);

    await expect.poll(() => auth.verified()).toBe(true);
  });
});
