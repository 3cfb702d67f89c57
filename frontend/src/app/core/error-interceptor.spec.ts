import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { AuthStore } from '../auth/auth-store';
import { errorInterceptor } from './error-interceptor';

@Component({ template: 'page' })
class StubPage {}

const unauthorized = { status: 401, statusText: 'Unauthorized' };

describe('errorInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let store: AuthStore;
  let router: Router;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([errorInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: StubPage },
          { path: 'boards', component: StubPage },
        ]),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    store = TestBed.inject(AuthStore);
    router = TestBed.inject(Router);

    const login = store.login({ username: 'alice', password: 'correct horse' });
    backend.expectOne('/api/auth/login').flush({
      user: { id: 'u1', username: 'alice', displayName: 'Alice' },
      accessToken: 't',
      expiresAt: new Date(Date.now() + 60 * 60_000).toISOString(),
    });
    await login;
    await router.navigateByUrl('/boards');
  });

  it('ends the session and goes to /login when an API call answers 401', async () => {
    const call = firstValueFrom(http.get('/api/boards'));
    backend.expectOne('/api/boards').flush({ statusCode: 401, error: 'Unauthorized', message: 'expired' }, unauthorized);

    await expect(call).rejects.toMatchObject({ status: 401 });
    await TestBed.inject(ApplicationRef).whenStable();

    expect(store.isAuthenticated()).toBe(false);
    expect(router.url).toBe('/login?returnUrl=%2Fboards');
  });

  it('leaves a 401 from /api/auth/login to the login page', async () => {
    const call = firstValueFrom(http.post('/api/auth/login', { username: 'bob', password: 'wrong-password' }));
    backend
      .expectOne('/api/auth/login')
      .flush({ statusCode: 401, error: 'Unauthorized', message: 'wrong username or password' }, unauthorized);

    await expect(call).rejects.toMatchObject({ status: 401 });
    await TestBed.inject(ApplicationRef).whenStable();

    expect(store.isAuthenticated()).toBe(true);
    expect(router.url).toBe('/boards');
  });

  it('leaves a 401 from /api/auth/me to the session restore', async () => {
    const call = firstValueFrom(http.get('/api/auth/me'));
    backend.expectOne('/api/auth/me').flush({ statusCode: 401, error: 'Unauthorized', message: 'no session' }, unauthorized);

    await expect(call).rejects.toMatchObject({ status: 401 });
    await TestBed.inject(ApplicationRef).whenStable();

    expect(router.url).toBe('/boards');
  });

  it('keeps the session when a refresh is refused because another tab rotated the token first', async () => {
    const call = firstValueFrom(http.post('/api/auth/refresh', null));
    backend
      .expectOne('/api/auth/refresh')
      .flush({ statusCode: 401, error: 'Unauthorized', message: 'Authentication required' }, unauthorized);
    await expect(call).rejects.toMatchObject({ status: 401 });

    // The cookie already holds the other tab's new token.
    const expiresAt = new Date(Date.now() + 60 * 60_000).toISOString();
    backend.expectOne('/api/auth/me').flush({ id: 'u1', username: 'alice', displayName: 'Alice', roles: ['user'], expiresAt });
    await TestBed.inject(ApplicationRef).whenStable();

    expect(store.isAuthenticated()).toBe(true);
    expect(router.url).toBe('/boards');
  });

  it('ends the session when a refresh is refused and the cookie is refused too', async () => {
    const call = firstValueFrom(http.post('/api/auth/refresh', null));
    backend
      .expectOne('/api/auth/refresh')
      .flush({ statusCode: 401, error: 'Unauthorized', message: 'Authentication required' }, unauthorized);
    await expect(call).rejects.toMatchObject({ status: 401 });

    backend.expectOne('/api/auth/me').flush({ statusCode: 401, error: 'Unauthorized', message: 'Authentication required' }, unauthorized);
    await vi.waitFor(() => expect(router.url).toBe('/login?returnUrl=%2Fboards'));
    expect(store.isAuthenticated()).toBe(false);
  });

  it('passes other errors on untouched', async () => {
    const call = firstValueFrom(http.get('/api/boards'));
    backend.expectOne('/api/boards').flush(
      { statusCode: 500, error: 'Internal Server Error', message: 'boom' },
      {
        status: 500,
        statusText: 'Internal Server Error',
      },
    );

    await expect(call).rejects.toMatchObject({ status: 500, error: { message: 'boom' } });
    expect(store.isAuthenticated()).toBe(true);
    expect(router.url).toBe('/boards');
  });
});
