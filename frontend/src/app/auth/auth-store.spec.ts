import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { AuthResponse, Me } from '@contracts/api';

import { AuthStore, PENDING_LOGOUT_KEY } from './auth-store';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice Liddell' };

function authResponse(expiresInMs = 15 * 60_000): AuthResponse {
  return { user: alice, accessToken: 'token', expiresAt: new Date(Date.now() + expiresInMs).toISOString() };
}

describe('AuthStore', () => {
  let store: AuthStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    store = TestBed.inject(AuthStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
    localStorage.removeItem(PENDING_LOGOUT_KEY);
  });

  it('starts logged out', () => {
    expect(store.isAuthenticated()).toBe(false);
    expect(store.user()).toBeNull();
  });

  it('logs in with the given credentials and exposes the user', async () => {
    const result = store.login({ username: 'alice', password: 'correct horse' });

    const req = http.expectOne('/api/auth/login');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ username: 'alice', password: 'correct horse' });
    req.flush(authResponse());

    await expect(result).resolves.toEqual(alice);
    expect(store.isAuthenticated()).toBe(true);
    expect(store.displayName()).toBe('Alice Liddell');
  });

  it('stays logged out and rejects when the credentials are wrong', async () => {
    const result = store.login({ username: 'alice', password: 'nope-nope' });

    http
      .expectOne('/api/auth/login')
      .flush(
        { statusCode: 401, error: 'Unauthorized', message: 'wrong username or password' },
        { status: 401, statusText: 'Unauthorized' },
      );

    await expect(result).rejects.toMatchObject({ status: 401 });
    expect(store.isAuthenticated()).toBe(false);
  });

  it('registers and is logged in straight away', async () => {
    const result = store.register({ username: 'alice', password: 'correct horse', displayName: 'Alice Liddell' });

    const req = http.expectOne('/api/auth/register');
    expect(req.request.body).toEqual({ username: 'alice', password: 'correct horse', displayName: 'Alice Liddell' });
    req.flush(authResponse(), { status: 201, statusText: 'Created' });

    await result;
    expect(store.user()).toEqual(alice);
  });

  it('logs out on the server and forgets the user', async () => {
    const login = store.login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush(authResponse());
    await login;

    const logout = store.logout();
    const req = http.expectOne('/api/auth/logout');
    expect(req.request.method).toBe('POST');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await logout;

    expect(store.isAuthenticated()).toBe(false);
  });

  it('forgets the user even when the logout request fails', async () => {
    const login = store.login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush(authResponse());
    await login;

    const logout = store.logout();
    http.expectOne('/api/auth/logout').error(new ProgressEvent('error'));
    await expect(logout).resolves.toBeUndefined();

    expect(store.isAuthenticated()).toBe(false);
  });

  describe('a logout made offline', () => {
    async function logOutOffline(): Promise<void> {
      const login = store.login({ username: 'alice', password: 'correct horse' });
      http.expectOne('/api/auth/login').flush(authResponse());
      await login;
      const logout = store.logout();
      http.expectOne('/api/auth/logout').error(new ProgressEvent('error'));
      await logout;
    }

    it('is sent at the next start, which then stays signed out without asking who the cookie is', async () => {
      await logOutOffline();

      const restore = store.restore();
      http.expectOne({ method: 'POST', url: '/api/auth/logout' }).flush(null, { status: 204, statusText: 'No Content' });
      // The cookie is ended on the server: the start goes on as a normal one.
      await vi.waitFor(() =>
        http
          .expectOne('/api/auth/me')
          .flush({ statusCode: 401, error: 'Unauthorized', message: 'not logged in' }, { status: 401, statusText: 'Unauthorized' }),
      );
      await restore;
      expect(store.isAuthenticated()).toBe(false);
      expect(localStorage.getItem(PENDING_LOGOUT_KEY)).toBeNull();
    });

    it('keeps the browser signed out while the server still cannot be reached, and tries again next time', async () => {
      await logOutOffline();

      const restore = store.restore();
      http.expectOne('/api/auth/logout').error(new ProgressEvent('error'));
      await restore;

      http.expectNone('/api/auth/me');
      expect(store.isAuthenticated()).toBe(false);
      expect(localStorage.getItem(PENDING_LOGOUT_KEY)).toBe('true');
    });

    it('is sent before a new sign-in replaces the cookie it could end', async () => {
      await logOutOffline();

      const login = store.login({ username: 'alice', password: 'correct horse' });
      http.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
      await vi.waitFor(() => http.expectOne('/api/auth/login').flush(authResponse()));
      await login;
      expect(store.isAuthenticated()).toBe(true);
      expect(localStorage.getItem(PENDING_LOGOUT_KEY)).toBeNull();
    });
  });

  describe('logging out everywhere', () => {
    beforeEach(async () => {
      const login = store.login({ username: 'alice', password: 'correct horse' });
      http.expectOne('/api/auth/login').flush(authResponse());
      await login;
    });

    it('ends every session on the server, then forgets the user', async () => {
      const done = store.logoutEverywhere();
      expect(store.signingOut()).toBe(true);
      const req = http.expectOne('/api/auth/logout-all');
      expect(req.request.method).toBe('POST');
      req.flush(null, { status: 204, statusText: 'No Content' });
      await done;

      expect(store.isAuthenticated()).toBe(false);
      expect(store.signingOut()).toBe(false);
    });

    it('stays signed in and rejects when the server did not confirm, since other sessions may live on', async () => {
      const done = store.logoutEverywhere();
      http
        .expectOne('/api/auth/logout-all')
        .flush({ statusCode: 503, error: 'Service Unavailable', message: 'try later' }, { status: 503, statusText: 'Service Unavailable' });

      await expect(done).rejects.toBeTruthy();
      expect(store.isAuthenticated()).toBe(true);
      expect(store.signingOut()).toBe(false);
    });

    it('counts a 401 as done: this session was over already', async () => {
      const done = store.logoutEverywhere();
      http.expectOne('/api/auth/logout-all').flush(null, { status: 401, statusText: 'Unauthorized' });
      await done;

      expect(store.isAuthenticated()).toBe(false);
    });
  });

  describe('verifying the session cookie', () => {
    const me = (user = alice): Me => ({
      ...user,
      roles: ['user'],
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      locale: null,
    });

    beforeEach(async () => {
      const login = store.login({ username: 'alice', password: 'correct horse' });
      http.expectOne('/api/auth/login').flush(authResponse());
      await login;
    });

    it('is true while the cookie is this user’s, false once refused or someone else’s', async () => {
      let answer = store.verify();
      await Promise.resolve();
      http.expectOne('/api/auth/me').flush(me());
      await expect(answer).resolves.toBe(true);

      answer = store.verify();
      await Promise.resolve();
      http.expectOne('/api/auth/me').flush(me({ id: 'u9', username: 'mallory', displayName: 'M' }));
      await expect(answer).resolves.toBe(false);

      answer = store.verify();
      await Promise.resolve();
      http.expectOne('/api/auth/me').flush(null, { status: 401, statusText: 'Unauthorized' });
      await expect(answer).resolves.toBe(false);
    });

    it('cannot tell when the server is unreachable', async () => {
      const answer = store.verify();
      await Promise.resolve();
      http.expectOne('/api/auth/me').error(new ProgressEvent('error'));
      await expect(answer).resolves.toBeUndefined();
      expect(store.isAuthenticated()).toBe(true);
    });
  });

  it('restores the session from /api/auth/me', async () => {
    const restore = store.restore();
    const me: Me = { ...alice, roles: ['user'], expiresAt: new Date(Date.now() + 60 * 60_000).toISOString(), locale: null };
    http.expectOne({ method: 'GET', url: '/api/auth/me' }).flush(me);
    await restore;

    expect(store.isAuthenticated()).toBe(true);
    expect(store.displayName()).toBe('Alice Liddell');
  });

  it('starts logged out when /api/auth/me answers 401', async () => {
    const restore = store.restore();
    http
      .expectOne('/api/auth/me')
      .flush({ statusCode: 401, error: 'Unauthorized', message: 'not logged in' }, { status: 401, statusText: 'Unauthorized' });

    await expect(restore).resolves.toBeUndefined();
    expect(store.isAuthenticated()).toBe(false);
  });

  it('refreshes the session before the token expires', async () => {
    vi.useFakeTimers();
    const login = store.login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush(authResponse(10 * 60_000));
    await login;

    vi.advanceTimersByTime(7 * 60_000);
    http.expectNone('/api/auth/refresh');

    vi.advanceTimersByTime(60_000);
    http.expectOne({ method: 'POST', url: '/api/auth/refresh' }).flush(authResponse());
  });

  it('schedules a refresh for a session restored after a reload', async () => {
    vi.useFakeTimers();
    const restore = store.restore();
    const me: Me = { ...alice, roles: ['user'], expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(), locale: null };
    http.expectOne('/api/auth/me').flush(me);
    await restore;

    vi.advanceTimersByTime(7 * 60_000);
    http.expectNone('/api/auth/refresh');
    vi.advanceTimersByTime(60_000);
    http.expectOne({ method: 'POST', url: '/api/auth/refresh' }).flush(authResponse());
  });

  it('shares one refresh request between callers at the same moment', async () => {
    const login = store.login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush(authResponse());
    await login;

    const first = store.refresh();
    const second = store.refresh();
    http.expectOne({ method: 'POST', url: '/api/auth/refresh' }).flush(authResponse());
    await Promise.all([first, second]);

    const third = store.refresh();
    http.expectOne({ method: 'POST', url: '/api/auth/refresh' }).flush(authResponse());
    await third;
  });
});
