import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { beforeEach, describe, expect, it } from 'vitest';

import { authGuard, guestGuard } from './auth-guard';
import { AuthStore } from './auth-store';

@Component({ template: 'page' })
class StubPage {}

async function logIn(): Promise<void> {
  const done = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
  TestBed.inject(HttpTestingController)
    .expectOne('/api/auth/login')
    .flush({
      user: { id: 'u1', username: 'alice', displayName: 'Alice' },
      accessToken: 't',
      expiresAt: new Date(Date.now() + 60 * 60_000).toISOString(),
    });
  await done;
}

describe('auth guards', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: StubPage, canActivate: [guestGuard] },
          { path: 'boards', component: StubPage, canActivate: [authGuard] },
        ]),
      ],
    });
  });

  it('sends a logged-out visitor to /login and remembers where they were going', async () => {
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/boards');

    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fboards');
  });

  it('lets a logged-in user open /boards', async () => {
    await logIn();
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/boards');

    expect(TestBed.inject(Router).url).toBe('/boards');
  });

  it('sends a logged-in user away from /login to /boards', async () => {
    await logIn();
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/login');

    expect(TestBed.inject(Router).url).toBe('/boards');
  });
});
