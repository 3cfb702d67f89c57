import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { LastKnown } from '../offline/last-known';
import { type ConnectionState, RealtimeClient } from '../realtime/realtime-client';
import { OfflineBanner } from './offline-banner';

describe('OfflineBanner', () => {
  let fixture: ComponentFixture<OfflineBanner>;
  let state: ReturnType<typeof signal<ConnectionState>>;
  let online: boolean;

  const banner = (): HTMLElement | null => (fixture.nativeElement as HTMLElement).querySelector('[data-testid="offline-banner"]');

  async function settle(): Promise<void> {
    await fixture.whenStable();
  }

  beforeEach(async () => {
    online = true;
    vi.spyOn(window.navigator, 'onLine', 'get').mockImplementation(() => online);
    state = signal<ConnectionState>('live');
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: RealtimeClient, useValue: { state } }],
    });
    fixture = TestBed.createComponent(OfflineBanner);
    await settle();
  });

  afterEach(() => vi.restoreAllMocks());

  it('is not there while the app is connected and shows fresh data', () => {
    expect(banner()).toBeNull();
  });

  it('tells the user while the browser is offline', async () => {
    online = false;
    window.dispatchEvent(new Event('offline'));
    await settle();

    expect(banner()?.getAttribute('role')).toBe('status');
    expect(banner()?.textContent?.trim()).toBe('Offline — changes will sync');

    online = true;
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(banner()).toBeNull();
  });

  it('shows while the stream has given up', async () => {
    state.set('offline');
    await settle();
    expect(banner()).not.toBeNull();
  });

  it('shows while stored data could not be refreshed', async () => {
    const lastKnown = TestBed.inject(LastKnown);
    lastKnown.markStale('board:b1', true);
    await settle();
    expect(banner()).not.toBeNull();

    lastKnown.markStale('board:b1', false);
    await settle();
    expect(banner()).toBeNull();
  });
});
