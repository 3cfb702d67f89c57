import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { AuthStore } from '../auth/auth-store';
import { FakeEventSource, FakeEventTransport, cursorOf } from '../realtime/testing/fake-event-source';
import { EventTransport } from '../realtime/transport/event-transport';
import { AppShell } from './app-shell';

@Component({ template: '<h1>inner page</h1>' })
class StubPage {}

/** "Log out everywhere" lives in the account menu, behind the user's avatar. */
async function openLogoutEverywhere(harness: RouterTestingHarness): Promise<HTMLButtonElement> {
  (harness.routeNativeElement!.querySelector('[data-testid="status-menu"]') as HTMLButtonElement).click();
  await harness.fixture.whenStable();
  return harness.routeNativeElement!.querySelector('[data-testid="logout-all"]') as HTMLButtonElement;
}

describe('AppShell', () => {
  let backend: HttpTestingController;

  beforeEach(async () => {
    FakeEventSource.reset();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: EventTransport, useClass: FakeEventTransport },
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

  it('keeps the live stream open and shows its state and round trip in the header', async () => {
    const harness = await RouterTestingHarness.create('/boards');
    const state = harness.routeNativeElement!.querySelector('[data-testid="connection-state"]')!;
    expect(state.textContent).toBe('connecting');
    expect(FakeEventSource.open().map((source) => source.channels)).toEqual([['user:u1']]);

    FakeEventSource.latest().ready(cursorOf({ 'user:u1': '1-0' }));
    const ping = backend.expectOne('/api/events/ping');
    const clientTime = (ping.request.body as { clientTime: number }).clientTime;
    ping.flush(null, { status: 204, statusText: 'No Content' });
    FakeEventSource.latest().emit('pong', { clientTime, serverTime: '' }, { channel: 'user:u1' });
    await harness.fixture.whenStable();

    expect(state.textContent).toBe('live');
    expect(state.getAttribute('data-state')).toBe('live');
    expect(harness.routeNativeElement!.querySelector('[data-testid="latency"]')?.textContent).toMatch(/^\d+ ms$/);
  });

  it('announces an invitation wherever the user is', async () => {
    const harness = await RouterTestingHarness.create('/boards');
    FakeEventSource.latest().ready(cursorOf({ 'user:u1': '1-0' }));
    backend.match('/api/events/ping');
    const from = { id: 'u2', username: 'bob', displayName: 'Bob' };
    FakeEventSource.latest().emit(
      'notification',
      {
        id: 'x',
        createdAt: '',
        read: false,
        kind: 'board_invite',
        invitationId: 'i1',
        boardId: 'b1',
        boardTitle: 'Roadmap',
        role: 'editor',
        from,
      },
      { channel: 'user:u1' },
    );
    await harness.fixture.whenStable();

    expect(harness.routeNativeElement!.querySelector('[data-testid="info-message"]')?.textContent).toContain(
      'Bob invited you to “Roadmap”',
    );
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

  it('logs out everywhere and returns to /login', async () => {
    const harness = await RouterTestingHarness.create('/boards');
    const button = await openLogoutEverywhere(harness);
    expect(button.textContent).toContain('Log out everywhere');

    button.click();
    backend.expectOne({ method: 'POST', url: '/api/auth/logout-all' }).flush(null, { status: 204, statusText: 'No Content' });
    await harness.fixture.whenStable();

    expect(TestBed.inject(AuthStore).isAuthenticated()).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/login');
  });

  it('says so and stays signed in when logging out everywhere failed', async () => {
    const harness = await RouterTestingHarness.create('/boards');
    (await openLogoutEverywhere(harness)).click();
    backend
      .expectOne('/api/auth/logout-all')
      .flush(
        { statusCode: 503, error: 'Service Unavailable', message: 'Try again shortly' },
        { status: 503, statusText: 'Service Unavailable' },
      );
    await harness.fixture.whenStable();

    expect(harness.routeNativeElement!.querySelector('[data-testid="error-message"]')?.textContent).toContain('still signed in everywhere');
    expect(TestBed.inject(AuthStore).isAuthenticated()).toBe(true);
    expect(TestBed.inject(Router).url).toBe('/boards');
  });

  it('shows the login page saying why when another device ended the session', async () => {
    const harness = await RouterTestingHarness.create('/boards');
    FakeEventSource.latest().ready(cursorOf({ 'user:u1': '1-0' }));
    backend.match('/api/events/ping');

    FakeEventSource.latest().emit('stream.closing', { reason: 'session_revoked' });
    await vi.waitFor(() => backend.expectOne('/api/auth/me').flush(null, { status: 401, statusText: 'Unauthorized' }));
    await vi.waitFor(() => backend.expectOne('/api/auth/me').flush(null, { status: 401, statusText: 'Unauthorized' }), { timeout: 3_000 });
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fboards&reason=signed_out'));
    await harness.fixture.whenStable();
    expect(FakeEventSource.open()).toEqual([]);
  });
});
