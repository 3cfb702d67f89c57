import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type Provider, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { NEVER, type Observable } from 'rxjs';
import { vi } from 'vitest';

import type { AnyEventEnvelope } from '@contracts/events';

import { AuthStore } from '../../auth/auth-store';
import { RealtimeClient } from '../../realtime/realtime-client';
import { ChatStore } from '../chat-store';

export const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };

/**
 * The chat room specs' common ground: Alice signed in, a real ChatStore over
 * HttpTestingController, and a live stream whose room events come from `events`.
 */
export async function signInForChat(
  events: Observable<AnyEventEnvelope> = NEVER,
  providers: Provider[] = [],
): Promise<HttpTestingController> {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideRouter([]),
      ChatStore,
      { provide: RealtimeClient, useValue: { channel: vi.fn(() => events), on: vi.fn(() => NEVER), state: signal('live') } },
      ...providers,
    ],
  });
  const http = TestBed.inject(HttpTestingController);
  const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
  http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
  await login;
  return http;
}
