import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';

import { endText } from './call-state';
import { CallStore } from './call-store';
import { InCall } from './in-call';
import { IncomingCall } from './incoming-call';

/** Where this tab's call shows, over any page: ringing, in call, or how it ended. */
function missedFrom(name: string): string {
  return $localize`:@@calls.overlay.missedFrom:Missed call from ${name}:name:`;
}

@Component({
  selector: 'cb-call-overlay',
  imports: [IncomingCall, InCall],
  template: `
    @let phase = store.phase();
    @switch (phase.kind) {
      @case ('incoming-ringing') {
        <cb-incoming-call [caller]="phase.peer" [media]="phase.call.media" />
      }
      @case ('answered-elsewhere') {
        @if (phase.via === 'answered') {
          <cb-incoming-call [caller]="phase.peer" [media]="phase.call.media" [answeredElsewhere]="true" />
        } @else {
          <section class="notice" role="status" data-testid="call-elsewhere">
            <span i18n="@@calls.overlay.elsewhere">A call is in progress on another tab or device.</span>
            <button
              type="button"
              class="btn btn-small"
              data-testid="hang-up"
              aria-label="End that call"
              i18n-aria-label="@@calls.overlay.endThatCall"
              (click)="store.hangUp()"
              i18n="@@calls.overlay.endIt"
            >
              End it
            </button>
          </section>
        }
      }
      @case ('ended') {
        <section class="notice" role="status" data-testid="call-ended" [attr.data-reason]="phase.reason">
          <span>{{ endMessage() }}</span>
          <button type="button" class="close" aria-label="Dismiss" i18n-aria-label="@@calls.overlay.dismiss" (click)="store.dismiss()">
            ×
          </button>
        </section>
      }
      @case ('idle') {}
      @default {
        <cb-in-call />
      }
    }
  `,
  styles: `
    :host {
      position: fixed;
      inset-inline-end: 1rem;
      bottom: 1rem;
      z-index: 20; /* over the app header (10) and board popovers */
    }
    .notice {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      max-width: calc(100vw - 2rem);
      padding: 0.75rem 1rem;
      font-size: 0.875rem;
      color: #fff;
      background: #1c2230;
      border-radius: var(--radius);
      box-shadow: 0 12px 32px rgb(15 23 42 / 0.35);
    }
    .close {
      padding: 0 0.25rem;
      font-size: 1.25rem;
      line-height: 1;
      color: inherit;
      background: transparent;
      border: 0;
      cursor: pointer;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CallOverlay {
  protected readonly store = inject(CallStore);

  protected readonly endMessage = computed(() => {
    const phase = this.store.phase();
    if (phase.kind !== 'ended') {
      return '';
    }
    const name = phase.peer ? phase.peer.displayName || phase.peer.username : '';
    if (phase.message) {
      return phase.message;
    }
    if (phase.reason === 'missed' && name) {
      return phase.role === 'callee' ? missedFrom(name) : $localize`:@@calls.overlay.noAnswerFrom:No answer from ${name}:name:`;
    }
    if (phase.reason === 'cancelled' && phase.role === 'callee' && name) {
      return missedFrom(name);
    }
    return endText(phase.reason);
  });
}
