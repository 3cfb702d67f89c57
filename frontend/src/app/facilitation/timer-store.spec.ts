import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { AnyEventEnvelope } from '@contracts/events';
import type { BoardTimer, TimerState } from '@contracts/facilitation';

import { Announcer } from '../a11y/announcer';
import { AuthStore } from '../auth/auth-store';
import { RealtimeClient } from '../realtime/realtime-client';
import { Chime } from './chime';
import { TimerStore } from './timer-store';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const T0 = Date.parse('2026-12-03T10:00:00.000Z');

const state = (timer: Partial<BoardTimer>, serverTime = T0): TimerState => ({
  timer: { status: 'idle', durationMs: 60_000, remainingMs: 60_000, updatedBy: null, revision: 0, ...timer },
  serverTime: new Date(serverTime).toISOString(),
});

describe('TimerStore', () => {
  let store: TimerStore;
  let http: HttpTestingController;
  let board: Subject<AnyEventEnvelope>;
  let play: ReturnType<typeof vi.fn>;
  let news: ReturnType<typeof vi.fn>;

  function updated(timerState: TimerState): void {
    board.next({
      id: '1-0',
      channel: 'board:b1',
      type: 'timer.updated',
      timestamp: '',
      userId: 'u2',
      data: { ...timerState, boardId: 'b1' },
    });
  }

  beforeEach(async () => {
    board = new Subject();
    play = vi.fn();
    news = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        TimerStore,
        { provide: RealtimeClient, useValue: { channel: vi.fn(() => board.asObservable()), state: signal('live') } },
        { provide: Chime, useValue: { play, prime: vi.fn() } },
        { provide: Announcer, useValue: { news } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
    store = TestBed.inject(TimerStore);
    vi.useFakeTimers({ now: T0 - 3_000 });
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  it('ticks down from the server end time, corrected for our clock, and rings once at zero', () => {
    store.open('b1');
    http.expectOne('/api/boards/b1/timer').flush(state({}));
    expect(store.status()).toBe('idle');

    // Our clock is 3 s behind the server's: the server says it ends 10 s after its now.
    updated(
      state({ status: 'running', durationMs: 10_000, remainingMs: 10_000, endsAt: new Date(T0 + 10_000).toISOString(), revision: 1 }),
    );
    expect(store.remainingMs()).toBe(10_000);

    vi.advanceTimersByTime(4_000);
    expect(store.remainingMs()).toBe(6_000);
    expect(store.timeUp()).toBe(false);

    vi.advanceTimersByTime(6_250);
    expect(store.remainingMs()).toBe(0);
    expect(store.timeUp()).toBe(true);
    expect(play).toHaveBeenCalledTimes(1);

    vi.advanceTimersByTime(5_000);
    expect(play).toHaveBeenCalledTimes(1);
  });

  it('tells everyone once when time is up live, not for a run over before we came, nor on a reconnect', () => {
    // The server's clock stays 3 s ahead of ours, as each state it sends says.
    const server = (): number => Date.now() + 3_000;
    store.open('b1');
    http
      .expectOne('/api/boards/b1/timer')
      .flush(state({ status: 'running', endsAt: new Date(T0 - 1_000).toISOString(), remainingMs: 0, revision: 4 }));
    vi.advanceTimersByTime(1_000);
    expect(news).not.toHaveBeenCalled();

    const endsAt = new Date(server() + 5_000).toISOString();
    updated(state({ status: 'running', durationMs: 5_000, remainingMs: 5_000, endsAt, revision: 5 }, server()));
    vi.advanceTimersByTime(4_000);
    expect(news).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(news.mock.calls).toEqual([['Time is up']]);

    // The stream came back: the same ended run is read again, and not told again.
    board.next({
      id: '2-0',
      channel: 'board:b1',
      type: 'reset',
      timestamp: '',
      userId: '',
      data: { channels: ['board:b1'] },
    });
    http
      .expectOne('/api/boards/b1/timer')
      .flush(state({ status: 'running', durationMs: 5_000, remainingMs: 5_000, endsAt, revision: 5 }, server()));
    vi.advanceTimersByTime(1_000);
    expect(news).toHaveBeenCalledTimes(1);

    updated(state({ status: 'idle', remainingMs: 5_000, durationMs: 5_000, updatedBy: 'u2', revision: 6 }, server()));
    expect(news.mock.calls.at(-1)).toEqual(['The timer was reset']);
  });

  it('tells everyone when the facilitator stops the timer before its end', () => {
    store.open('b1');
    http.expectOne('/api/boards/b1/timer').flush(state({ status: 'paused', remainingMs: 30_000, revision: 2 }));
    updated(state({ status: 'idle', updatedBy: 'u2', revision: 3 }));
    expect(news.mock.calls).toEqual([['The timer was stopped']]);
  });

  it('holds a paused value still, and does not ring for a run that ended before the board opened', () => {
    store.open('b1');
    http
      .expectOne('/api/boards/b1/timer')
      .flush(state({ status: 'running', endsAt: new Date(T0 - 1_000).toISOString(), remainingMs: 0, revision: 4 }));
    expect(store.timeUp()).toBe(true);
    expect(play).not.toHaveBeenCalled();

    updated(state({ status: 'paused', remainingMs: 42_000, revision: 5 }));
    vi.advanceTimersByTime(10_000);
    expect(store.remainingMs()).toBe(42_000);

    // An older event never overwrites the newer state.
    updated(state({ status: 'running', endsAt: new Date(T0 + 50_000).toISOString(), remainingMs: 50_000, revision: 3 }));
    expect(store.status()).toBe('paused');
  });

  it('sends commands and shows their answer', () => {
    store.open('b1');
    http.expectOne('/api/boards/b1/timer').flush(state({}));
    store.command({ action: 'start', durationMs: 60_000 });
    const request = http.expectOne({ method: 'POST', url: '/api/boards/b1/timer' });
    expect(request.request.body).toEqual({ action: 'start', durationMs: 60_000 });
    request.flush(state({ status: 'running', endsAt: new Date(T0 + 60_000).toISOString(), revision: 1 }));
    expect(store.status()).toBe('running');
    expect(store.remainingMs()).toBe(60_000);
  });
});
