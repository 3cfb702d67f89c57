import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { Call, CallHistoryPage } from '@contracts/calls';

import { AuthStore } from '../auth/auth-store';
import { errorMessages } from '../core/api-error';
import { timeAgo } from '../notifications/notification-link';
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
      <summary>Recent calls</summary>
      @if (error(); as message) {
        <p class="empty" role="alert">
          Calls could not be loaded: {{ message }} <button type="button" class="link" (click)="reload()">Try again</button>
        </p>
      } @else if (loaded() && entries().length === 0) {
        <p class="empty">No calls yet.</p>
      } @else {
        <ul>
          @for (entry of entries(); track entry.id) {
            <li class="entry" data-testid="call-history-item" [attr.data-call-id]="entry.id" [attr.data-reason]="entry.endReason ?? null">
              <span class="direction" [attr.data-outcome]="outcome(entry)" [attr.aria-label]="directionLabel(entry)" role="img">{{
                outgoing(entry) ? '↗' : '↙'
              }}</span>
              <span class="text">
                <span class="name">{{ entry.peer.displayName || entry.peer.username }}</span>
                <span class="detail">{{ entry.media === 'video' ? 'Video' : 'Voice' }} · {{ summary(entry) }} · {{ ago(entry) }}</span>
              </span>
              <cb-call-button [peer]="entry.peer" [inline]="true" />
            </li>
          }
        </ul>
        @if (nextBefore()) {
          <button type="button" class="link more" [disabled]="loading()" (click)="loadMore()">Older calls</button>
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
    return `${this.outgoing(entry) ? 'Outgoing' : 'Incoming'}${entry.answeredAt ? '' : ', not answered'}`;
  }

  protected summary(entry: Call): string {
    if (entry.answeredAt && entry.endedAt) {
      return callDuration(Date.parse(entry.endedAt) - Date.parse(entry.answeredAt));
    }
    switch (entry.endReason) {
      case 'declined':
        return 'Declined';
      case 'missed':
        return this.outgoing(entry) ? 'No answer' : 'Missed';
      case 'busy':
        return 'Busy';
      case 'cancelled':
        return this.outgoing(entry) ? 'Cancelled' : 'Missed';
      case 'glare':
      case 'connection_lost':
      case 'hangup':
      case undefined:
        return 'Not connected';
    }
  }

  protected ago(entry: Call): string {
    return timeAgo(entry.endedAt ?? entry.createdAt);
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
