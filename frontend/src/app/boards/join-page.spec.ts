import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Board, InviteLinkPreview } from '@contracts/boards';

import { AuthStore } from '../auth/auth-store';
import { JoinPage } from './join-page';

@Component({ template: 'page' })
class StubPage {}

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const carol = { id: 'u3', username: 'carol', displayName: 'Carol' };
const board: Board = { id: 'b1', title: 'Design crit', ownerId: 'u1', members: [], createdAt: '' };
const preview: InviteLinkPreview = {
  boardId: 'b1',
  boardTitle: 'Design crit',
  role: 'viewer',
  invitedBy: alice,
  expiresAt: '',
  alreadyMember: false,
};

describe('JoinPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter(
          [
            { path: 'join/:token', component: JoinPage },
            { path: 'login', component: StubPage },
            { path: 'register', component: StubPage },
            { path: 'boards/:id', component: StubPage },
            { path: 'boards', component: StubPage },
          ],
          withComponentInputBinding(),
        ),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function signIn(): Promise<void> {
    const login = TestBed.inject(AuthStore).login({ username: 'carol', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: carol, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
  }

  it('asks a signed-out visitor to sign in or register, and both come back to join at once', async () => {
    const harness = await RouterTestingHarness.create('/join/tok-1');
    const page = harness.routeNativeElement!;

    const returnUrl = encodeURIComponent('/join/tok-1?join=now');
    expect(page.querySelector('[data-testid="join-sign-in"]')?.getAttribute('href')).toBe(`/login?returnUrl=${returnUrl}`);
    expect(page.querySelector('[data-testid="join-register"]')?.getAttribute('href')).toBe(`/register?returnUrl=${returnUrl}`);
  });

  it('shows a signed-in user what joining gives, then joins and opens the board', async () => {
    await signIn();
    const harness = await RouterTestingHarness.create('/join/tok-1');
    http.expectOne('/api/invite-links/tok-1').flush(preview);
    const page = harness.routeNativeElement!;
    await vi.waitFor(() => expect(page.querySelector('[data-testid="join-board-title"]')?.textContent).toContain('Design crit'));
    expect(page.querySelector('[data-testid="join-summary"]')?.textContent).toContain('Alice invited you to join as viewer.');

    page.querySelector<HTMLButtonElement>('[data-testid="join-board"]')!.click();
    http.expectOne({ method: 'POST', url: '/api/invite-links/tok-1/accept' }).flush(board);
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/boards/b1'));
  });

  it('joins straight away when back from signing in', async () => {
    await signIn();
    await RouterTestingHarness.create('/join/tok-1?join=now');
    http.expectOne({ method: 'POST', url: '/api/invite-links/tok-1/accept' }).flush(board);
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/boards/b1'));
  });

  it('says kindly when a link is revoked, unknown, expired or used up', async () => {
    await signIn();
    const harness = await RouterTestingHarness.create('/join/gone');
    http.expectOne('/api/invite-links/gone').flush({ statusCode: 404, message: 'Not found' }, { status: 404, statusText: 'Not Found' });
    await vi.waitFor(() =>
      expect(harness.routeNativeElement!.querySelector('[data-testid="join-error"]')?.textContent).toContain(
        'does not exist or was revoked',
      ),
    );

    await harness.navigateByUrl('/join/old');
    http.expectOne('/api/invite-links/old').flush({ statusCode: 410, message: 'Gone' }, { status: 410, statusText: 'Gone' });
    await vi.waitFor(() =>
      expect(harness.routeNativeElement!.querySelector('[data-testid="join-error"]')?.textContent).toContain('has expired'),
    );
  });
});
