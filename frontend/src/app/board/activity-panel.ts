import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  LOCALE_ID,
  afterNextRender,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { DatePipe } from '@angular/common';
import { firstValueFrom } from 'rxjs';

import { activityFromEvent, addActivity } from '@contracts/activity';
import type { ActivityEntry } from '@contracts/boards';
import type { AnyEventEnvelope } from '@contracts/events';
import { isAppLocale, isRtlLocale } from '@contracts/i18n';

import { errorMessages } from '../core/api-error';
import { relativeTime } from '../i18n/format';
import { activityLine, withPage } from './activity-feed';
import { BoardStore } from './board-store';
import { HistoryApi } from './history-api';

/** Relative times ("5 min ago") are redrawn this often. */
const CLOCK_MS = 30_000;

/** Who did what on the board and when, newest first; new activity appears live. */
@Component({
  selector: 'cb-activity-panel',
  imports: [DatePipe],
  template: `
    <section class="panel" role="dialog" aria-modal="false" aria-labelledby="activity-title" data-testid="activity-panel" tabindex="-1">
      <header class="panel-head">
        <h2 id="activity-title" i18n="@@board.history.activity">Activity</h2>
        <button type="button" class="close" aria-label="Close activity" i18n-aria-label="@@board.activity.close" (click)="closed.emit()">
          <svg viewBox="0 0 20 20" aria-hidden="true">
            <path d="m5.5 5.5 9 9m0-9-9 9" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
          </svg>
        </button>
      </header>
      @if (error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      @if (feed().length === 0 && !error()) {
        <p class="empty" [attr.aria-busy]="loading()">
          @if (loading()) {
            <ng-container i18n="@@board.activity.loading">Loading activity…</ng-container>
          } @else {
            <ng-container i18n="@@board.activity.empty">Nothing has happened on this board yet.</ng-container>
          }
        </p>
      } @else {
        <ol class="list" tabindex="0" aria-live="polite" aria-relevant="additions">
          @for (entry of feed(); track entry.id) {
            <li class="item" data-testid="activity-entry" [attr.data-kind]="entry.kind">
              <div>{{ line(entry) }}</div>
              <time class="meta" [attr.datetime]="entry.at" [title]="entry.at | date: 'medium'">{{ ago(entry.at) }}</time>
            </li>
          }
        </ol>
      }
      @if (nextBefore()) {
        <footer class="panel-foot">
          <button type="button" class="link-btn" data-testid="activity-older" [disabled]="loading()" (click)="loadOlder()">
            @if (loading()) {
              <ng-container i18n="@@board.history.loadingMore">Loading…</ng-container>
            } @else {
              <ng-container i18n="@@board.activity.older">Load older</ng-container>
            }
          </button>
        </footer>
      }
    </section>
  `,
  styleUrl: './history-panel.css',
  host: { '(keydown.escape)': 'closed.emit()' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ActivityPanel {
  private readonly store = inject(BoardStore);
  private readonly api = inject(HistoryApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly locale = inject(LOCALE_ID);
  private readonly rtl = isAppLocale(this.locale) && isRtlLocale(this.locale);

  readonly boardId = input.required<string>();
  readonly closed = output<void>();

  protected readonly feed = signal<ActivityEntry[]>([]);
  protected readonly nextBefore = signal<string | undefined>(undefined);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly now = signal(Date.now());

  constructor() {
    const live = this.store.events.subscribe((event) => this.onEvent(event));
    const clock = setInterval(() => this.now.set(Date.now()), CLOCK_MS);
    inject(DestroyRef).onDestroy(() => {
      live.unsubscribe();
      clearInterval(clock);
    });
    effect(() => {
      const boardId = this.boardId();
      untracked(() => {
        this.feed.set([]);
        this.nextBefore.set(undefined);
        void this.load(boardId, undefined);
      });
    });
    afterNextRender(() => this.host.querySelector<HTMLElement>('.panel')?.focus({ preventScroll: true }));
  }

  protected loadOlder(): void {
    const before = this.nextBefore();
    if (before && !this.loading()) {
      void this.load(this.boardId(), before);
    }
  }

  protected line(entry: ActivityEntry): string {
    return activityLine(entry, (userId) => this.store.memberNames().get(userId), this.rtl);
  }

  protected ago(at: string): string {
    return relativeTime(at, this.now(), this.locale, { past: true });
  }

  /** `paging`: an older page, whose nextBefore is where to go on; a refresh of the newest keeps the paging as it is. */
  private async load(boardId: string, before: string | undefined, paging = true): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await firstValueFrom(this.api.activity(boardId, before));
      if (boardId === this.boardId()) {
        this.feed.update((feed) => withPage(feed, page.entries));
        if (paging) {
          this.nextBefore.set(page.nextBefore);
        }
      }
    } catch (error) {
      const reason = errorMessages(error)[0];
      this.error.set($localize`:@@board.activity.loadFailed:Activity could not be loaded: ${reason}:reason:`);
    } finally {
      this.loading.set(false);
    }
  }

  private onEvent(event: AnyEventEnvelope): void {
    if (event.type === 'reset') {
      // The stream could not replay what was missed: the newest page fills the gap.
      void this.load(this.boardId(), undefined, false);
      return;
    }
    // The store passes each event on before applying it, so a deleted note's text is still there.
    const entry = activityFromEvent(event, (noteId) => this.store.notes().find((note) => note.id === noteId)?.text);
    if (entry && entry.boardId === this.boardId()) {
      this.feed.update((feed) => (feed.some((known) => known.id === entry.id) ? feed : addActivity(feed, entry)));
    }
  }
}
