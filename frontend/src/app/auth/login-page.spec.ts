import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { errorInterceptor } from '../core/error-interceptor';
import { PAGE_RELOAD } from '../i18n/locale-sync';
import { LOCALE_STORAGE_KEY } from '../i18n/locale';
import { AuthStore } from './auth-store';
import { LoginPage } from './login-page';

@Component({ template: 'page' })
class StubPage {}

describe('LoginPage', () => {
  let fixture: ComponentFixture<LoginPage>;
  let backend: HttpTestingController;
  let reload: ReturnType<typeof vi.fn>;

  const el = (testId: string) => (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>(`[data-testid="${testId}"]`);

  function type(testId: string, value: string): void {
    const input = el(testId) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }

  // Deliberately not awaiting stability: the app stays busy until the test answers the request.
  function submitCredentials(username: string, password: string): void {
    type('login-username', username);
    type('login-password', password);
    el('login-submit')!.click();
    fixture.detectChanges();
  }

  const me = (locale: string | null) => ({
    id: 'u1',
    username: 'alice',
    displayName: 'Alice',
    roles: ['user'],
    expiresAt: new Date(Date.now() + 60 * 60_000).toISOString(),
    locale,
  });

  function logIn(): void {
    backend.expectOne('/api/auth/login').flush({
      user: { id: 'u1', username: 'alice', displayName: 'Alice' },
      accessToken: 't',
      expiresAt: new Date(Date.now() + 60 * 60_000).toISOString(),
    });
  }

  beforeEach(async () => {
    localStorage.clear();
    sessionStorage.clear();
    reload = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        { provide: PAGE_RELOAD, useValue: reload },
        provideHttpClient(withInterceptors([errorInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'boards', component: StubPage },
          { path: 'boards/:id', component: StubPage },
        ]),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(LoginPage);
    await fixture.whenStable();
  });

  afterEach(() => {
    backend.verify();
    // What these specs chose must not change the language of the specs that run after them.
    localStorage.clear();
    sessionStorage.clear();
  });

  it('has labelled fields', () => {
    const labels = Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('label'));
    expect(labels.map((label) => [label.htmlFor, label.textContent?.trim()])).toEqual([
      ['login-username', 'Username'],
      ['login-password', 'Password'],
    ]);
    expect(el('login-username')?.id).toBe('login-username');
    expect(el('login-password')?.id).toBe('login-password');
  });

  it('shows the server message when the credentials are wrong', async () => {
    submitCredentials('alice', 'not-my-password');

    const req = backend.expectOne('/api/auth/login');
    expect(req.request.body).toEqual({ username: 'alice', password: 'not-my-password' });
    expect((el('login-submit') as HTMLButtonElement).disabled).toBe(true);

    req.flush(
      { statusCode: 401, error: 'Unauthorized', message: 'wrong username or password', code: 'invalid_credentials' },
      { status: 401, statusText: 'Unauthorized' },
    );
    await fixture.whenStable();

    expect(el('form-error')?.textContent?.trim()).toBe('Wrong username or password.');
    expect(el('form-error')?.getAttribute('role')).toBe('alert');
    expect((el('login-submit') as HTMLButtonElement).disabled).toBe(false);
    expect(TestBed.inject(AuthStore).isAuthenticated()).toBe(false);
  });

  it('lists every message of a validation error', async () => {
    submitCredentials('alice', 'whatever-pass');

    backend.expectOne('/api/auth/login').flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: ['username is too short', 'password is too short'],
        code: 'validation_failed',
        fields: [
          { field: 'username', rule: 'isLength', message: 'username is too short' },
          { field: 'password', rule: 'isLength', message: 'password is too short' },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();

    const items = Array.from(el('form-error')!.querySelectorAll('li')).map((li) => li.textContent?.trim());
    expect(items).toEqual(['Enter your username.', 'A password is 8 to 128 characters.']);
  });

  it('explains missing fields without calling the server', async () => {
    el('login-submit')!.click();
    await fixture.whenStable();

    backend.expectNone('/api/auth/login');
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('Username is required.');
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('Password is required.');
    expect(el('login-username')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('goes to the page the user came from after logging in', async () => {
    fixture.componentRef.setInput('returnUrl', '/boards/42');
    submitCredentials('alice', 'correct horse');

    logIn();
    (await vi.waitFor(() => backend.expectOne('/api/auth/me'))).flush(me(null));
    await fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/boards/42');
    expect(reload).not.toHaveBeenCalled();
  });

  it('restarts in the language the user chose on another device, at the page they came from', async () => {
    fixture.componentRef.setInput('returnUrl', '/boards/42');
    submitCredentials('alice', 'correct horse');

    logIn();
    (await vi.waitFor(() => backend.expectOne('/api/auth/me'))).flush(me('de'));
    await fixture.whenStable();

    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('de');
    expect(reload).toHaveBeenCalledExactlyOnceWith('/boards/42');
  });

  it('teaches the server the language chosen on this page before signing in', async () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'ar');
    submitCredentials('alice', 'correct horse');

    logIn();
    (await vi.waitFor(() => backend.expectOne('/api/auth/me'))).flush(me(null));
    const patch = await vi.waitFor(() => backend.expectOne({ method: 'PATCH', url: '/api/auth/me/preferences' }));
    expect(patch.request.body).toEqual({ locale: 'ar' });
    patch.flush({ locale: 'ar' });
    await fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/boards');
    expect(reload).not.toHaveBeenCalled();
  });

  it('says the user was signed out when the session ended elsewhere', async () => {
    expect(el('login-notice')).toBeNull();

    fixture.componentRef.setInput('reason', 'signed_out');
    await fixture.whenStable();
    expect(el('login-notice')?.textContent).toContain('You were signed out');
    expect(el('login-notice')?.getAttribute('role')).toBe('status');

    fixture.componentRef.setInput('reason', 'toString');
    await fixture.whenStable();
    expect(el('login-notice')).toBeNull();
  });
});
