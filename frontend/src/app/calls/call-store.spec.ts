import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject, filter } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { ActiveCalls, Call } from '@contracts/calls';
import type { AnyEventEnvelope, EventMap, EventType } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { RealtimeClient } from '../realtime/realtime-client';
import { CallStore } from './call-store';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const bob = { id: 'u2', username: 'bob', displayName: 'Bob' };

function call(state: Call['state'] = 'ringing', id = 'c1'): Call {
  return { id, callerId: bob.id, calleeId: alice.id, media: 'video', state, createdAt: '2026-12-02T12:00:00.000Z' };
}

describe('CallStore', () => {
  let store: CallStore;
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;

  function push<T extends EventType>(type: T, data: EventMap[T]): void {
    events.next({ id: '', channel: 'user:u1', type, timestamp: '2026-12-02T12:00:00.000Z', userId: 'u2', data } as AnyEventEnvelope);
  }

  async function offer(state: Call['state']): Promise<void> {
    push('call.offer', { call: call('ringing'), from: bob, sdp: 'v=0' });
    await vi.waitFor(() => http.expectOne('/api/calls/c1').flush(call(state)));
    await Promise.resolve();
  }

  beforeEach(async () => {
    events = new Subject();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        CallStore,
        {
          provide: RealtimeClient,
          useValue: { on: vi.fn((_channel: string, ...types: EventType[]) => events.pipe(filter((event) => types.includes(event.type)))) },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
    store = TestBed.inject(CallStore);
    http.expectOne('/api/calls?state=active').flush({ calls: [] } satisfies ActiveCalls);
  });

  afterEach(() => http.verify());

  it('an offer rings once the server confirms the call is still ringing', async () => {
    await offer('ringing');
    expect(store.phase()).toMatchObject({ kind: 'incoming-ringing', peer: bob, sdp: 'v=0' });
  });

  it('a replayed offer of a call answered or ended meanwhile does not ring', async () => {
    await offer('active');
    expect(store.phase().kind).toBe('idle');
    await offer('ended');
    expect(store.phase().kind).toBe('idle');
  });

  it('answered on another device: the dialog says so instead of ringing', async () => {
    await offer('ringing');
    push('call.answered', { callId: 'c1', deviceId: 'another-tab' });
    expect(store.phase()).toMatchObject({ kind: 'answered-elsewhere', via: 'answered' });
  });

  it('declining tells the server and stops ringing here', async () => {
    await offer('ringing');
    store.decline();
    http.expectOne({ method: 'POST', url: '/api/calls/decline' }).flush(null, { status: 204, statusText: 'No Content' });
    expect(store.phase().kind).toBe('idle');
  });

  it('a missed call ends the ringing', async () => {
    await offer('ringing');
    push('call.ended', { callId: 'c1', reason: 'missed' });
    expect(store.phase()).toMatchObject({ kind: 'ended', reason: 'missed', role: 'callee' });
  });
});

describe('CallStore after a reload', () => {
  it('shows a call of ours in progress elsewhere', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        CallStore,
        { provide: RealtimeClient, useValue: { on: () => new Subject() } },
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
    const store = TestBed.inject(CallStore);
    http.expectOne('/api/calls?state=active').flush({ calls: [{ ...call('active'), peer: bob }] } satisfies ActiveCalls);
    await vi.waitFor(() => expect(store.phase()).toMatchObject({ kind: 'answered-elsewhere', via: 'reload', peer: bob }));
  });
});
