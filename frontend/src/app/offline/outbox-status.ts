import { ChangeDetectionStrategy, Component, LOCALE_ID, computed, inject } from '@angular/core';

import { formatInteger } from '../i18n/format';

import { Outbox } from './outbox';

/** Header badge: how many of the user's changes wait for the server, and whether they are on their way. */
@Component({
  selector: 'cb-outbox-status',
  template: `
    @if (count() > 0) {
      <span class="outbox-status" role="status" data-testid="outbox-status" [attr.data-syncing]="syncing()">
        <span class="dot" aria-hidden="true"></span>
        @if (syncing()) {
          <span i18n="@@offline.outbox.syncing">{count(), plural,
            =1 {Syncing {{ formatted() }} change…}
            other {Syncing {{ formatted() }} changes…}
          }</span>
        } @else {
          <span i18n="@@offline.outbox.waiting">{count(), plural,
            =1 {{{ formatted() }} change waiting}
            other {{{ formatted() }} changes waiting}
          }</span>
        }
      </span>
    }
  `,
  styles: `
    .outbox-status {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      padding: 0.25rem 0.625rem;
      font-size: 0.8125rem;
      font-weight: 600;
      color: #b54708;
      background: #fffaeb;
      border: 1px solid #fedf89;
      border-radius: 999px;
      white-space: nowrap;
    }
    .dot {
      width: 0.5rem;
      height: 0.5rem;
      border-radius: 50%;
      background: #f79009;
    }
    [data-syncing='true'] .dot {
      animation: pulse 1.2s ease-in-out infinite;
    }
    @keyframes pulse {
      50% {
        opacity: 0.35;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      [data-syncing='true'] .dot {
        animation: none;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OutboxStatus {
  private readonly outbox = inject(Outbox, { optional: true });

  protected readonly count = computed(() => this.outbox?.count() ?? 0);
  protected readonly syncing = computed(() => this.outbox?.online() ?? false);
  private readonly locale = inject(LOCALE_ID);
  protected readonly formatted = computed(() => formatInteger(this.count(), this.locale));
}
