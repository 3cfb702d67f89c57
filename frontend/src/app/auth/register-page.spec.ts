import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { errorInterceptor } from '../core/error-interceptor';
import { AuthStore } from './auth-store';
import { RegisterPage } from './register-page';

@Component({ template: 'page' })
class StubPage {}

describe('RegisterPage', () => {
  let fixture: ComponentFixture<RegisterPage>;
  let backend: HttpTestingController;

  const el = (testId: string) => (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';

  function type(testId: string, value: string): void {
    const input = el(testId) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([errorInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: 'boards', component: StubPage }]),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RegisterPage);
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('checks the username and password rules before calling the server', async () => {
    type('register-username', 'Al');
    type('register-password', 'short');
    el('register-submit')!.click();
    await fixture.whenStable();

    backend.expectNone('/api/auth/register');
    expect(text()).toContain('Username must be at least 3 characters.');
    expect(text()).toContain('Password must be at least 8 characters.');

    type('register-username', 'Alice!');
    await fixture.whenStable();
    expect(text()).toContain('Username may only contain lowercase letters, digits, "_", "." and "-".');
  });

  it('creates the account, logs in and opens the boards', async () => {
    type('register-username', 'alice.l');
    type('register-display-name', '  Alice Liddell  ');
    type('register-password', 'correct horse');
    el('register-submit')!.click();

    const req = backend.expectOne({ method: 'POST', url: '/api/auth/register' });
    expect(req.request.body).toEqual({ username: 'alice.l', password: 'correct horse', displayName: 'Alice Liddell' });
    req.flush(
      {
        user: { id: 'u1', username: 'alice.l', displayName: 'Alice Liddell' },
        accessToken: 't',
        expiresAt: new Date(Date.now() + 60 * 60_000).toISOString(),
      },
      { status: 201, statusText: 'Created' },
    );
    await fixture.whenStable();

    expect(TestBed.inject(AuthStore).displayName()).toBe('Alice Liddell');
    expect(TestBed.inject(Router).url).toBe('/boards');
  });

  it('leaves out an empty display name and shows "username taken"', async () => {
    type('register-username', 'alice');
    type('register-password', 'correct horse');
    el('register-submit')!.click();

    const req = backend.expectOne('/api/auth/register');
    expect(req.request.body).toEqual({ username: 'alice', password: 'correct horse' });
    req.flush(
      { statusCode: 409, error: 'Conflict', message: 'username taken', code: 'username_taken' },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();

    expect(el('form-error')?.textContent?.trim()).toBe('This username is already taken. Choose another one.');
    expect(TestBed.inject(Router).url).toBe('/');
  });
});
