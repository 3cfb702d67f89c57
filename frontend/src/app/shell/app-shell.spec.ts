import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { beforeEach, describe, expect, it } from 'vitest';

import { AuthStore } from '../auth/auth-store';
import { AppShell } from './app-shell';

@Component({ template: '<h1>inner page</h1>' })
class StubPage {}

describe('AppShell', () => {
  let backend: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: StubPage },
          { path: '', component: AppShell, children: [{ path: 'boards', component: StubPage }] },
        ]),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    backend.expectOne('/api/auth/login').flush({
      user: { id: 'u1', username: 'alice', displayName: 'Alice Liddell' },
      accessToken: 't',
      expiresAt: new Date(Date.now() + 60 * 60_000).toISOString(),
    });
    await login;
  });

  it('shows the app name, the user and the page inside it', async () => {
    const harness = await RouterTestingHarness.create('/boards');
    const root = harness.routeNativeElement!;

    expect(root.querySelector('header')?.textContent).toContain('Corkboard');
    expect(root.querySelector('[data-testid="current-user"]')?.textContent?.trim()).toBe('Alice Liddell');
    expect(root.querySelector('main h1')?.textContent).toBe('inner page');
  });

  it('logs out and returns to /login', async () => {
    const harness = await RouterTestingHarness.create('/boards');
    const logout = harness.routeNativeElement!.querySelector('[data-testid="logout"]') as HTMLButtonElement;

    logout.click();
    backend.expectOne({ method: 'POST', url: '/api/auth/logout' }).flush(null, { status: 204, statusText: 'No Content' });
    await harness.fixture.whenStable();

    expect(TestBed.inject(AuthStore).isAuthenticated()).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/login');
  });
});
