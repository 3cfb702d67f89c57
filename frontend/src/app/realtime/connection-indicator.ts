import { ChangeDetectionStrategy, Component, LOCALE_ID, computed, inject } from '@angular/core';

import { type ConnectionState, RealtimeClient } from './realtime-client';

/** The badge's tooltip. */
const LABELS: Record<ConnectionState, string> = {
  connecting: $localize`:@@realtime.label.connecting:Connecting…`,
  live: $localize`:@@realtime.label.live:Live`,
  reconnecting: $localize`:@@realtime.label.reconnecting:Reconnecting…`,
  offline: $localize`:@@realtime.label.offline:Offline`,
};

/** The badge's word, lower case like a status (the style capitalises it where the script has cases). */
const STATES: Record<ConnectionState, string> = {
  connecting: $localize`:@@realtime.state.connecting:connecting`,
  live: $localize`:@@realtime.state.live:live`,
  reconnecting: $localize`:@@realtime.state.reconnecting:reconnecting`,
  offline: $localize`:@@realtime.state.offline:offline`,
};

const POLLING = $localize`:@@realtime.state.polling:polling`;

// The state's element is kept on one line: whitespace inside it would become part of its text.
/** Header badge: is the live connection up, over which transport, and how long a round trip takes. */
@Component({
  selector: 'cb-connection-indicator',
  template: `
    <span class="indicator" [attr.data-state]="state()" [attr.data-transport]="transport()" [attr.title]="label()">
      <span class="dot" aria-hidden="true"></span>
      <span class="visually-hidden" i18n="@@realtime.connection">Connection:</span>
      <!-- prettier-ignore -->
      <span class="state" data-testid="connection-state" [attr.data-state]="state()" [attr.data-transport]="transport()">{{ stateText() }}@if (polling()) {<span class="transport"> · {{ pollingText }}</span>}</span>
      @if (latency(); as ms) {
        <span class="latency" data-testid="latency" title="Round trip to the server" i18n-title="@@realtime.latency.title">{{ ms }}</span>
      }
    </span>
  `,
  styles: `
    .indicator {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      padding: 0.25rem 0.625rem;
      font-size: 0.8125rem;
      font-weight: 600;
      color: var(--muted);
      background: var(--bg);
      border: 1px solid var(--border);
      border-radius: 999px;
      white-space: nowrap;
    }
    .dot {
      width: 0.5rem;
      height: 0.5rem;
      border-radius: 50%;
      background: #9aa3b2;
    }
    .state {
      text-transform: capitalize;
    }
    .transport {
      text-transform: none;
      font-weight: 500;
    }
    .latency {
      font-weight: 500;
      font-variant-numeric: tabular-nums;
      color: var(--muted);
    }
    [data-state='live'] {
      color: #067647;
    }
    [data-state='live'] .dot {
      background: #12b76a;
      box-shadow: 0 0 0 3px rgb(18 183 106 / 0.18);
    }
    [data-state='connecting'] .dot,
    [data-state='reconnecting'] .dot {
      background: #f79009;
      animation: pulse 1.2s ease-in-out infinite;
    }
    [data-state='reconnecting'] {
      color: #b54708;
    }
    [data-state='offline'] {
      color: var(--danger);
    }
    [data-state='offline'] .dot {
      background: var(--danger);
    }
    @keyframes pulse {
      50% {
        opacity: 0.35;
      }
    }
    @media (max-width: 480px) {
      .latency {
        display: none;
      }
      /* On a phone the coloured dot says it; the word stays for screen readers. */
      .state {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectionIndicator {
  private readonly realtime = inject(RealtimeClient);
  private readonly milliseconds = new Intl.NumberFormat(inject(LOCALE_ID), { style: 'unit', unit: 'millisecond', unitDisplay: 'short' });

  protected readonly state = this.realtime.state;
  protected readonly transport = this.realtime.transport;
  /** Live, but over long polls: something between us and the server holds streams back. */
  protected readonly polling = computed(() => this.state() === 'live' && this.transport() === 'poll');
  protected readonly stateText = computed(() => STATES[this.state()]);
  protected readonly pollingText = POLLING;
  protected readonly label = computed(() => (this.polling() ? `${LABELS.live} · ${POLLING}` : LABELS[this.state()]));
  protected readonly latency = computed(() => {
    const ms = this.realtime.latencyMs();
    return this.state() === 'live' && ms !== null ? this.milliseconds.format(ms) : null;
  });
}
