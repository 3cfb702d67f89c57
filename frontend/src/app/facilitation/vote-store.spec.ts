import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type WritableSignal, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { AnyEventEnvelope, EventMap, EventType } from '@contracts/events';
import type { VoteView } from '@contracts/facilitation';

import { AuthStore } from '../auth/auth-store';
import { Toasts } from '../core/toasts';
import { RealtimeClient } from '../realtime/realtime-client';
import { VoteStore } from './vote-store';
import { voteView } from './testing/vote-view';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const view = voteView;

describe('VoteStore', () => {
  let store: VoteStore;
  let http: HttpTestingController;
  let board: Subject<AnyEventEnvelope>;
  let mine: Subject<AnyEventEnvelope>;
  let realtime: { channel: ReturnType<typeof vi.fn>; on: ReturnType<typeof vi.fn>; state: WritableSignal<string> };

  function push<T extends EventType>(subject: Subject<AnyEventEnvelope>, type: T, data: EventMap[T]): void {
    subject.next({
      id: '1-0',
      channel: subject === board ? 'board:b1' : 'user:u1',
      type,
      timestamp: '',
      userId: 'u2',
      data,
    } as AnyEventEnvelope);
  }

  beforeEach(async () => {
    board = new Subject();
    mine = new Subject();
    realtime = { channel: vi.fn(() => board.asObservable()), on: vi.fn(() => mine.asObservable()), state: signal('live') };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        VoteStore,
        { provide: RealtimeClient, useValue: realtime },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
    store = TestBed.inject(VoteStore);
  });

  afterEach(() => http.verify());

  it('follows the board and our own channel before reading the vote, then applies what arrived meanwhile', () => {
    store.open('b1');
    expect(realtime.channel).toHaveBeenCalledWith('board:b1');
    expect(realtime.on).toHaveBeenCalledWith('user:u1', 'vote.my_dots', 'reset');
    const request = http.expectOne('/api/boards/b1/vote');

    push(board, 'vote.started', { vote: view() });
    push(board, 'vote.dots_changed', { boardId: 'b1', voteId: 'v1', revision: 2, totalDots: 1, voters: 1 });
    request.flush({ vote: null });

    expect(store.vote()?.totalDots).toBe(1);
    expect(store.dotsLeft()).toBe(3);
  });

  it('shows our dots from our answers and from our other tabs, and the count left', () => {
    store.open('b1');
    http.expectOne('/api/boards/b1/vote').flush({ vote: view() });

    store.addDot('n1');
    http
      .expectOne({ method: 'POST', url: '/api/boards/b1/vote/dots' })
      .flush(view({ revision: 2, totalDots: 1, voters: 1, myDots: { n1: 1 } }));
    expect(store.myDotsOn('n1')).toBe(1);

    // Another tab of ours placed one more.
    push(mine, 'vote.my_dots', { boardId: 'b1', voteId: 'v1', revision: 3, myDots: { n1: 2 } });
    expect(store.myDotsOn('n1')).toBe(2);
    expect(store.dotsLeft()).toBe(1);
  });

  it('tells the user gently when they have no dots left', () => {
    const info = vi.spyOn(TestBed.inject(Toasts), 'info');
    store.open('b1');
    http.expectOne('/api/boards/b1/vote').flush({ vote: view({ myDots: { n1: 3 } }) });

    store.addDot('n2');
    http
      .expectOne('/api/boards/b1/vote/dots')
      .flush(
        { statusCode: 409, error: 'Conflict', message: 'You have placed all your 3 dots: take one back first', code: 'no_dots_left' },
        { status: 409, statusText: 'Conflict' },
      );
    expect(info).toHaveBeenCalledWith('You have placed all your dots. Take one back first.');
    expect(store.myDotsOn('n1')).toBe(3);
  });

  it('reveals the results when the vote ends, ranks them, and forgets them when cleared', () => {
    store.open('b1');
    http.expectOne('/api/boards/b1/vote').flush({ vote: view({ myDots: { n1: 1 } }) });

    push(board, 'vote.ended', { vote: view({ status: 'ended', revision: 5, totalDots: 4, voters: 2, results: { n1: 1, n2: 3 } }) });
    expect(store.ended()).toBe(true);
    expect(store.ranking()).toEqual([
      { noteId: 'n2', dots: 3 },
      { noteId: 'n1', dots: 1 },
    ]);
    expect(store.myDotsOn('n1')).toBe(1);

    push(board, 'vote.cleared', { boardId: 'b1', voteId: 'v1' });
    expect(store.vote()).toBeNull();
  });

  it('tells when the vote ends while we watch, once', () => {
    const endings: VoteView[] = [];
    store.endings.subscribe((vote) => endings.push(vote));
    store.open('b1');
    http.expectOne('/api/boards/b1/vote').flush({ vote: view() });

    const ended = view({ status: 'ended', revision: 5, totalDots: 4, voters: 2, results: { n2: 4 } });
    push(board, 'vote.ended', { vote: ended });
    push(board, 'vote.ended', { vote: ended });
    expect(endings.map((vote) => vote.totalDots)).toEqual([4]);
  });

  it('tells nothing for a vote read ended: on opening the board or after the stream was away', () => {
    const endings: VoteView[] = [];
    store.endings.subscribe((vote) => endings.push(vote));
    store.open('b1');
    http.expectOne('/api/boards/b1/vote').flush({ vote: view({ status: 'ended', revision: 5 }) });

    push(board, 'vote.started', { vote: view({ id: 'v2', startedAt: '2026-12-03T11:00:00.000Z', revision: 1 }) });
    push(board, 'reset', { channels: ['board:b1'] });
    http
      .expectOne('/api/boards/b1/vote')
      .flush({ vote: view({ id: 'v2', startedAt: '2026-12-03T11:00:00.000Z', status: 'ended', revision: 4 }) });
    expect(store.ended()).toBe(true);
    expect(endings).toHaveLength(0);
  });

  it('reads the vote again after a reset', () => {
    store.open('b1');
    http.expectOne('/api/boards/b1/vote').flush({ vote: view() });
    push(board, 'reset', { channels: ['board:b1'] });
    http.expectOne('/api/boards/b1/vote').flush({ vote: null });
    expect(store.vote()).toBeNull();
  });

  it('does not read again and again while the stream is up and the server fails', () => {
    store.open('b1');
    http.expectOne('/api/boards/b1/vote').flush(null, { status: 503, statusText: 'Unavailable' });
    TestBed.tick();
    http.expectNone('/api/boards/b1/vote');
  });

  it('reads the vote once the stream is back when the first read failed', () => {
    realtime.state.set('offline');
    store.open('b1');
    http.expectOne('/api/boards/b1/vote').flush(null, { status: 0, statusText: 'Unknown Error' });
    TestBed.tick();
    http.expectNone('/api/boards/b1/vote');

    realtime.state.set('live');
    TestBed.tick();
    http.expectOne('/api/boards/b1/vote').flush({ vote: view() });
    expect(store.running()).toBe(true);
  });
});
