import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { describe, expect, it } from 'vitest';

import { SW_BYPASS_HEADER, bypassServiceWorker, isApiUrl, swBypassInterceptor } from './sw-bypass';

describe('service worker bypass', () => {
  it('marks API requests of the app, and only those', () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([swBypassInterceptor])), provideHttpClientTesting()],
    });
    const http = TestBed.inject(HttpClient);
    const backend = TestBed.inject(HttpTestingController);

    http.get('/api/boards').subscribe();
    http.get('/manifest.webmanifest').subscribe();
    http.get('https://elsewhere.example/api/boards').subscribe();

    expect(backend.expectOne('/api/boards').request.headers.get(SW_BYPASS_HEADER)).toBe('true');
    expect(backend.expectOne('/manifest.webmanifest').request.headers.has(SW_BYPASS_HEADER)).toBe(false);
    expect(backend.expectOne('https://elsewhere.example/api/boards').request.headers.has(SW_BYPASS_HEADER)).toBe(false);
    backend.verify();
  });

  it('tells API paths from pages that merely start alike', () => {
    expect(isApiUrl('/api')).toBe(true);
    expect(isApiUrl('/api/events?channel=user:1')).toBe(true);
    expect(isApiUrl(`${location.origin}/api/events/poll`)).toBe(true);
    expect(isApiUrl('/apiary')).toBe(false);
    expect(isApiUrl('/boards/api')).toBe(false);
  });

  it('keeps the headers a fetch already had', () => {
    const headers = new Headers(bypassServiceWorker({ headers: { accept: 'text/event-stream' }, cache: 'no-store' }).headers);
    expect(headers.get('accept')).toBe('text/event-stream');
    expect(headers.get(SW_BYPASS_HEADER)).toBe('true');
    expect(bypassServiceWorker({ cache: 'no-store' }).cache).toBe('no-store');
  });
});
