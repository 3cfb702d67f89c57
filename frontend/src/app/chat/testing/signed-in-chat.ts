import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type Provider, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { NEVER, type Observable } from 'rxjs';
import { vi } from 'vitest';

import type { AnyEventEnvelope } from '@contracts/events';

import { AuthStore } from '../../auth/auth-store';
import { type ConnectionState, RealtimeClient } from '../../realtime/realtime-client';
import { ChatStore } from '../chat-store';

export const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };

/** A live stream whose room channels carry `events` and whose user channel carries nothing. */
export function liveRealtime(events: Observable<AnyEventEnvelope> = NEVER): object {
  return { channel: vi.fn(() => events), on: vi.fn(() => NEVER), state: signal<ConnectionState>('live') };
}

/**
 * The chat specs' common ground: Alice signed in and a real ChatStore over
 * HttpTestingController, with `realtime` standing in for the stream.
 */
export async function signInForChat(realtime: object = liveRealtime(), providers: Provider[] = []): Promise<HttpTestingController> {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideRouter([]),
      ChatStore,
      { provide: RealtimeClient, useValue: realtime },
      ...providers,
    ],
  });
  const http = TestBed.inject(HttpTestingController);
  const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
  http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
  await login;
  return http;
}
