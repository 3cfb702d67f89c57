import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { Subject, Subscription, type Observable } from 'rxjs';

import { boardChannel, userChannel } from '@contracts/channels';
import type { AnyEventEnvelope } from '@contracts/events';
import type { StartVoteRequest, VoteView } from '@contracts/facilitation';

import { AuthStore } from '../auth/auth-store';
import { errorMessages } from '../core/api-error';
import { Toasts } from '../core/toasts';
import { isUnreachable } from '../offline/unreachable';
import { lostChannel } from '../realtime/access-loss';
import { RealtimeClient } from '../realtime/realtime-client';
import { FacilitationApi } from './facilitation-api';
import { voteEnded } from './vote-news';
import { NO_VOTE, type VoteModel, dotsChanged, dotsLeft, myDotsChanged, ranked, viewApplied, voteCleared } from './vote-state';

type VoteEvent = Extract<AnyEventEnvelope, { type: 'vote.started' | 'vote.dots_changed' | 'vote.my_dots' | 'vote.ended' | 'vote.cleared' }>;

/**
 * The board's dot vote: GET …/vote, then vote.* from the board's channel and vote.my_dots
 * from the user's own, applied by revision. Provided by the board page.
 */
@Injectable()
export class VoteStore {
  private readonly api = inject(FacilitationApi);
  private readonly realtime = inject(RealtimeClient);
  private readonly auth = inject(AuthStore);
  private readonly toasts = inject(Toasts);

  private readonly model = signal<VoteModel>(NO_VOTE);
  private readonly busy = signal(false);
  private subscription = new Subscription();
  private currentBoard = '';
  /** Events that arrived while the state was loading: applied on top of it, in order. */
  private pending: VoteEvent[] | null = null;
  private generation = 0;
  /** The last read failed: nothing here is known to be current. */
  private readonly unread = signal(false);

  readonly vote = computed(() => this.model().vote);
  readonly running = computed(() => this.vote()?.status === 'running');
  readonly ended = computed(() => this.vote()?.status === 'ended');
  readonly dotsLeft = computed(() => dotsLeft(this.vote()));
  /** Notes with dots, most first: shown once the vote ended, or live for a named vote. */
  readonly ranking = computed(() => ranked(this.vote()?.results));
  /** A request of the starter's (start, end, clear) is on its way. */
  readonly working = this.busy.asReadonly();
  private readonly ended$ = new Subject<VoteView>();
  /** The vote as it ends while we watch (not one read ended on arrival or after a reconnect): for the live region. */
  readonly endings: Observable<VoteView> = this.ended$.asObservable();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.close());
    // Opened while the server was out of reach (a board from the stored copy): read it once the stream is back.
    effect(() => {
      if (this.unread() && this.realtime.state() === 'live') {
        untracked(() => this.load());
      }
    });
  }

  /** Follows one board; the channels are subscribed before the state is read, so nothing falls in between. */
  open(boardId: string): void {
    if (boardId === this.currentBoard) {
      return;
    }
    this.close();
    this.currentBoard = boardId;
    const me = this.auth.user()?.id;
    this.subscription.add(this.realtime.channel(boardChannel(boardId)).subscribe((event) => this.onEvent(event)));
    if (me) {
      // A reset of our own channel may have swallowed a vote.my_dots: it reads the vote again too.
      this.subscription.add(this.realtime.on(userChannel(me), 'vote.my_dots', 'reset').subscribe((event) => this.onEvent(event)));
    }
    this.load();
  }

  close(): void {
    this.subscription.unsubscribe();
    this.subscription = new Subscription();
    this.currentBoard = '';
    this.pending = null;
    this.generation++;
    this.unread.set(false);
    this.model.set(NO_VOTE);
  }

  /** How many of the caller's dots are on a note. */
  myDotsOn(noteId: string): number {
    return this.vote()?.myDots[noteId] ?? 0;
  }

  start(request: StartVoteRequest): Promise<boolean> {
    return this.request(this.api.startVote(this.currentBoard, request));
  }

  end(): Promise<boolean> {
    return this.request(this.api.endVote(this.currentBoard));
  }

  /** Cancels the running vote or clears the ended one's results. */
  clear(): Promise<boolean> {
    const voteId = this.vote()?.id;
    return new Promise((resolve) => {
      this.busy.set(true);
      this.api.clearVote(this.currentBoard).subscribe({
        next: () => {
          this.busy.set(false);
          if (voteId) {
            this.model.update((model) => voteCleared(model, voteId));
          }
          resolve(true);
        },
        error: (error: unknown) => {
          this.busy.set(false);
          this.toasts.error(errorMessages(error).join(' '));
          resolve(false);
        },
      });
    });
  }

  addDot(noteId: string): void {
    const boardId = this.currentBoard;
    this.api.addDot(boardId, noteId).subscribe({
      next: (view) => this.applyOwn(boardId, view),
      // The server counts atomically: a click beyond the last dot is refused, which is no error of the user's.
      error: (error: unknown) => this.dotRefused(error),
    });
  }

  removeDot(noteId: string): void {
    const boardId = this.currentBoard;
    this.api.removeDot(boardId, noteId).subscribe({
      next: (view) => this.applyOwn(boardId, view),
      error: (error: unknown) => this.dotRefused(error),
    });
  }

  private request(call: Observable<VoteView>): Promise<boolean> {
    const boardId = this.currentBoard;
    this.busy.set(true);
    return new Promise((resolve) => {
      call.subscribe({
        next: (view) => {
          this.busy.set(false);
          this.applyOwn(boardId, view);
          resolve(true);
        },
        error: (error: unknown) => {
          this.busy.set(false);
          this.toasts.error(errorMessages(error).join(' '));
          if (error instanceof HttpErrorResponse && error.status === 409) {
            this.load();
          }
          resolve(false);
        },
      });
    });
  }

  /** A 409 (no dots left, no dot there, the vote ended) is news from a fast click, told gently in the server's words. */
  private dotRefused(error: unknown): void {
    const message = errorMessages(error).join(' ');
    if (error instanceof HttpErrorResponse && error.status === 409) {
      this.toasts.info(message);
    } else {
      this.toasts.error(message);
    }
  }

  private applyOwn(boardId: string, view: VoteView): void {
    if (boardId === this.currentBoard) {
      this.live((model) => viewApplied(model, view, true));
    }
  }

  private load(): void {
    const generation = ++this.generation;
    const boardId = this.currentBoard;
    this.unread.set(false);
    this.pending ??= [];
    this.api.vote(boardId).subscribe({
      next: ({ vote }) => {
        if (generation !== this.generation) {
          return;
        }
        this.model.set(vote ? viewApplied(NO_VOTE, vote, true) : NO_VOTE);
        this.drain();
      },
      // Not fatal: events still arrive, and the next reset reads the vote again.
      error: (error: unknown) => {
        if (generation === this.generation) {
          this.unread.set(this.retryWhenLive(error));
          this.drain();
        }
      },
    });
  }

  private drain(): void {
    const pending = this.pending ?? [];
    this.pending = null;
    pending.forEach((event) => this.apply(event));
  }

  /** Out of reach while the stream is down too: try again when it is back (never in a loop while it is up). */
  private retryWhenLive(error: unknown): boolean {
    return isUnreachable(error) && this.realtime.state() !== 'live';
  }

  private onEvent(event: AnyEventEnvelope): void {
    if (lostChannel(event, this.auth.user()?.id)?.channel === boardChannel(this.currentBoard)) {
      this.close();
      return;
    }
    switch (event.type) {
      case 'vote.started':
      case 'vote.dots_changed':
      case 'vote.ended':
      case 'vote.cleared':
      case 'vote.my_dots':
        if (this.pending) {
          this.pending.push(event);
        } else {
          this.apply(event);
        }
        return;
      case 'reset':
        this.load();
        return;
      default:
        return;
    }
  }

  private apply(event: VoteEvent): void {
    switch (event.type) {
      case 'vote.started':
      case 'vote.ended':
        if (event.data.vote.boardId === this.currentBoard) {
          this.live((model) => viewApplied(model, event.data.vote, false));
        }
        return;
      case 'vote.dots_changed':
        this.live((model) => dotsChanged(model, event.data));
        return;
      case 'vote.my_dots':
        if (event.data.boardId === this.currentBoard) {
          this.live((model) => myDotsChanged(model, event.data));
        }
        return;
      case 'vote.cleared':
        this.live((model) => voteCleared(model, event.data.voteId));
        return;
    }
  }

  /** A change as it happens (an event, our own request's answer): a vote ending here is news. */
  private live(change: (model: VoteModel) => VoteModel): void {
    const before = this.model().vote;
    this.model.update(change);
    const after = this.model().vote;
    if (voteEnded(before, after)) {
      this.ended$.next(after);
    }
  }
}
