import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { Subscription } from 'rxjs';

import { boardChannel } from '@contracts/channels';
import type { AnyEventEnvelope } from '@contracts/events';
import type { TimerCommand, TimerState } from '@contracts/facilitation';

import { timerText } from '../a11y/announcements';
import { Announcer } from '../a11y/announcer';
import { AuthStore } from '../auth/auth-store';
import { errorMessages } from '../core/api-error';
import { Toasts } from '../core/toasts';
import { isUnreachable } from '../offline/unreachable';
import { lostChannel } from '../realtime/access-loss';
import { RealtimeClient } from '../realtime/realtime-client';
import { Chime } from './chime';
import { FacilitationApi } from './facilitation-api';
import { type TimerMoment, timerNews } from './timer-news';
import { NO_TIMER, type TimerModel, remainingAt, timerApplied } from './timer-state';

/** Often enough that the seconds flip within a quarter second of everyone else's. */
export const TICK_MS = 250;

/**
 * The board's shared countdown: GET …/timer, then timer.updated from the board's channel.
 * The server's end time is the authority; each state's serverTime gives our clock's offset.
 * Provided by the board page.
 */
@Injectable()
export class TimerStore {
  private readonly api = inject(FacilitationApi);
  private readonly realtime = inject(RealtimeClient);
  private readonly auth = inject(AuthStore);
  private readonly toasts = inject(Toasts);
  private readonly chime = inject(Chime);
  private readonly announcer = inject(Announcer);

  private readonly model = signal<TimerModel>(NO_TIMER);
  private readonly now = signal(Date.now());
  private ticker: ReturnType<typeof setInterval> | undefined;
  private subscription = new Subscription();
  private currentBoard = '';
  private generation = 0;
  /** The last read failed: nothing here is known to be current. */
  private readonly unread = signal(false);
  /** The run (its revision) whose end already rang, so a refetch never rings twice. */
  private rang = -1;
  /** The timer as last looked at, to tell a live ending from the state we arrived at. */
  private seen: TimerMoment | null = null;

  readonly timer = computed(() => this.model().timer);
  readonly remainingMs = computed(() => remainingAt(this.model(), this.now()));
  readonly status = computed(() => this.timer()?.status ?? 'idle');
  /** A running countdown reached zero. */
  readonly timeUp = computed(() => this.status() === 'running' && this.remainingMs() === 0);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.close());
    // Opened while the server was out of reach (a board from the stored copy): read it once the stream is back.
    effect(() => {
      if (this.unread() && this.realtime.state() === 'live') {
        untracked(() => this.load());
      }
    });
  }

  open(boardId: string): void {
    if (boardId === this.currentBoard) {
      return;
    }
    this.close();
    this.currentBoard = boardId;
    this.subscription.add(this.realtime.channel(boardChannel(boardId)).subscribe((event) => this.onEvent(event)));
    this.load();
  }

  close(): void {
    this.subscription.unsubscribe();
    this.subscription = new Subscription();
    this.currentBoard = '';
    this.generation++;
    this.unread.set(false);
    this.model.set(NO_TIMER);
    this.seen = null;
    this.stopTicking();
  }

  command(command: TimerCommand): void {
    const boardId = this.currentBoard;
    // A click: the moment browsers allow the sound to be readied for later.
    this.chime.prime();
    this.api.commandTimer(boardId, command).subscribe({
      next: (state) => boardId === this.currentBoard && this.apply(state),
      error: (error: unknown) => {
        // A 409 is a click that crossed someone else's (paused already, ran out): news, not a failure.
        const conflict = error instanceof HttpErrorResponse && error.status === 409;
        const message = errorMessages(error).join(' ');
        if (conflict) {
          this.toasts.info(message);
        } else {
          this.toasts.error(message);
        }
      },
    });
  }

  private load(): void {
    const generation = ++this.generation;
    const boardId = this.currentBoard;
    this.unread.set(false);
    this.api.timer(boardId).subscribe({
      next: (state) => {
        if (generation === this.generation) {
          // A run already over when we arrive does not ring.
          this.apply(state, true);
        }
      },
      error: (error: unknown) => generation === this.generation && this.unread.set(this.retryWhenLive(error)),
    });
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
    if (event.type === 'timer.updated' && event.data.boardId === this.currentBoard) {
      this.apply(event.data);
    } else if (event.type === 'reset') {
      this.load();
    }
  }

  private apply(state: TimerState, arriving = false): void {
    const receivedAt = Date.now();
    this.model.update((model) => timerApplied(model, state, receivedAt));
    this.now.set(receivedAt);
    const timer = this.model().timer;
    if (arriving && timer?.status === 'running' && this.remainingMs() === 0) {
      this.rang = timer.revision;
    }
    this.look(!arriving);
    this.tick();
  }

  private tick(): void {
    this.now.set(Date.now());
    this.look(true);
    const timer = this.model().timer;
    if (!timer || timer.status !== 'running') {
      this.stopTicking();
      return;
    }
    if (this.remainingMs() > 0) {
      this.ticker ??= setInterval(() => this.tick(), TICK_MS);
      return;
    }
    this.stopTicking();
    if (this.rang !== timer.revision) {
      this.rang = timer.revision;
      this.chime.play();
    }
  }

  /** Tells the board when the timer ran out or was stopped; the state read on arrival only sets where we start. */
  private look(live: boolean): void {
    const timer = this.model().timer;
    const now: TimerMoment | null = timer && { status: timer.status, remainingMs: this.remainingMs() };
    const news = timerNews(this.seen, now, live);
    this.seen = now;
    if (news) {
      this.announcer.news(timerText(news));
    }
  }

  private stopTicking(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }
}
