import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { beforeEach, describe, expect, it } from 'vitest';

import { routes } from './app.routes';

describe('app routes', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter(routes, withComponentInputBinding())],
    });
  });

  it.each(['/', '/boards', '/no-such-page'])('shows the sign-in page for %s when logged out', async (url) => {
    const harness = await RouterTestingHarness.create(url);

    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fboards');
    expect(harness.routeNativeElement?.querySelector('[data-testid="login-submit"]')).not.toBeNull();
  });

  it('opens the registration page', async () => {
    const harness = await RouterTestingHarness.create('/register');

    expect(harness.routeNativeElement?.querySelector('[data-testid="register-submit"]')).not.toBeNull();
  });
});
