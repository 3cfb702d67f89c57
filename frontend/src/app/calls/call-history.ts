import { ChangeDetectionStrategy, Component, LOCALE_ID, computed, inject, input, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { Call, CallHistoryPage } from '@contracts/calls';

import { AuthStore } from '../auth/auth-store';
import { errorMessages } from '../core/api-error';
import { relativeTime } from '../i18n/format';
import { CallButton } from './call-button';
import { callDuration } from './call-quality';
import { CallsApi } from './calls-api';

type HistoryEntry = CallHistoryPage['calls'][number];

/** Past calls, newest first, with how each went and a way to call back. */
@Component({
  selector: 'cb-call-history',
  imports: [CallButton],
  template: `
    <details class="history" data-testid="call-history" [open]="open()" (toggle)="toggled($event)">
      <summary i18n="@@calls.history.title">Recent calls</summary>
      @if (error(); as message) {
        <p class="empty" role="alert">
          <ng-container i18n="@@calls.history.loadFailed">Calls could not be loaded: {{ message }}</ng-container>
          <button type="button" class="link" (click)="reload()" i18n="@@calls.history.retry">Try again</button>
        </p>
      } @else if (loaded() && entries().length === 0) {
        <p class="empty" i18n="@@calls.history.empty">No calls yet.</p>
      } @else {
        <ul>
          @for (entry of entries(); track entry.id) {
            <li class="entry" data-testid="call-history-item" [attr.data-call-id]="entry.id" [attr.data-reason]="entry.endReason ?? null">
              <span class="direction" [attr.data-outcome]="outcome(entry)" [attr.aria-label]="directionLabel(entry)" role="img">{{
                outgoing(entry) ? '↗' : '↙'
              }}</span>
              <span class="text">
                <span class="name">{{ entry.peer.displayName || entry.peer.username }}</span>
                <span class="detail">{{ detail(entry) }}</span>
              </span>
              <cb-call-button [peer]="entry.peer" [inline]="true" />
            </li>
          }
        </ul>
        @if (nextBefore()) {
          <button type="button" class="link more" [disabled]="loading()" (click)="loadMore()" i18n="@@calls.history.more">
            Older calls
          </button>
        }
      }
    </details>
  `,
  styles: `
    :host {
      display: block;
      flex: none;
      max-height: 45%;
      overflow-y: auto;
      border-top: 1px solid var(--border);
    }
    summary {
      padding: 0.75rem 1rem;
      font-size: 0.875rem;
      font-weight: 600;
      cursor: pointer;
    }
    ul {
      margin: 0;
      padding: 0 0.375rem 0.375rem;
      list-style: none;
    }
    .entry {
      display: flex;
      align-items: center;
      gap: 0.625rem;
      padding: 0.375rem 0.625rem;
    }
    .direction {
      flex: none;
      width: 1.25rem;
      font-weight: 700;
      text-align: center;
      color: #12b76a;
    }
    /* The arrows point out of and into the list's start side, which is the right in RTL. */
    :host-context([dir='rtl']) .direction {
      transform: scaleX(-1);
    }
    .direction[data-outcome='missed'] {
      color: var(--danger);
    }
    .text {
      display: flex;
      flex: 1;
      flex-direction: column;
      min-width: 0;
      line-height: 1.3;
    }
    .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font-size: 0.875rem;
      font-weight: 600;
    }
    .detail,
    .empty {
      font-size: 0.75rem;
      color: var(--muted);
    }
    .empty {
      margin: 0 1rem 0.75rem;
    }
    .link {
      padding: 0;
      font: inherit;
      color: var(--accent);
      background: none;
      border: 0;
      cursor: pointer;
    }
    .more {
      margin: 0 1rem 0.75rem;
      font-size: 0.8125rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CallHistory {
  private readonly api = inject(CallsApi);
  private readonly auth = inject(AuthStore);
  private readonly locale = inject(LOCALE_ID);

  /** Opened from a missed-call notification. */
  readonly open = input(false);

  protected readonly entries = signal<readonly HistoryEntry[]>([]);
  protected readonly nextBefore = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly loaded = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly meId = computed(() => this.auth.user()?.id ?? '');

  constructor() {
    void this.reload();
  }

  protected async reload(): Promise<void> {
    this.entries.set([]);
    this.nextBefore.set(null);
    await this.fetch();
  }

  protected async loadMore(): Promise<void> {
    await this.fetch(this.nextBefore() ?? undefined);
  }

  protected toggled(event: Event): void {
    if ((event.target as HTMLDetailsElement).open && this.error()) {
      void this.reload();
    }
  }

  protected outgoing(entry: Call): boolean {
    return entry.callerId === this.meId();
  }

  protected outcome(entry: Call): 'answered' | 'missed' {
    return entry.answeredAt ? 'answered' : 'missed';
  }

  protected directionLabel(entry: Call): string {
    if (this.outgoing(entry)) {
      return entry.answeredAt
        ? $localize`:@@calls.history.outgoing:Outgoing`
        : $localize`:@@calls.history.outgoingUnanswered:Outgoing, not answered`;
    }
    return entry.answeredAt
      ? $localize`:@@calls.history.incoming:Incoming`
      : $localize`:@@calls.history.incomingUnanswered:Incoming, not answered`;
  }

  /** "Video · 12:30 · 5 minutes ago" */
  protected detail(entry: Call): string {
    const media = entry.media === 'video' ? $localize`:@@calls.history.video:Video` : $localize`:@@calls.history.voice:Voice`;
    const ago = relativeTime(entry.endedAt ?? entry.createdAt, Date.now(), this.locale, { past: true });
    // Only separators join the parts: they need no translation.
    return [media, this.summary(entry), ago].join(' · ');
  }

  private summary(entry: Call): string {
    if (entry.answeredAt && entry.endedAt) {
      return callDuration(Date.parse(entry.endedAt) - Date.parse(entry.answeredAt), this.locale);
    }
    switch (entry.endReason) {
      case 'declined':
        return $localize`:@@calls.history.declined:Declined`;
      case 'missed':
        return this.outgoing(entry) ? $localize`:@@calls.history.noAnswer:No answer` : $localize`:@@calls.history.missed:Missed`;
      case 'busy':
        return $localize`:@@calls.history.busy:Busy`;
      case 'cancelled':
        return this.outgoing(entry) ? $localize`:@@calls.history.cancelled:Cancelled` : $localize`:@@calls.history.missed:Missed`;
      case 'glare':
      case 'connection_lost':
      case 'hangup':
      case undefined:
        return $localize`:@@calls.history.notConnected:Not connected`;
    }
  }

  private async fetch(before?: string): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await firstValueFrom(this.api.history(before));
      this.entries.update((entries) => [...entries, ...page.calls.filter((call) => !entries.some((known) => known.id === call.id))]);
      this.nextBefore.set(page.nextBefore);
      this.loaded.set(true);
    } catch (error) {
      this.error.set(errorMessages(error)[0]);
    } finally {
      this.loading.set(false);
    }
  }
}
