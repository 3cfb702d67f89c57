import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';

import type { PublicUser } from '@contracts/api';
import type { CallMedia } from '@contracts/calls';

import { CAMERA_PATH, PHONE_PATH } from './call-icons';
import { CallStore } from './call-store';
import { TrapFocus } from '../a11y/trap-focus';

/** The ringing dialog: who calls, accept by voice (or video, for a video call), decline. */
@Component({
  selector: 'cb-incoming-call',
  imports: [TrapFocus],
  template: `
    <section
      class="call-card"
      role="alertdialog"
      aria-labelledby="incoming-call-title"
      data-testid="incoming-call"
      [attr.data-media]="media()"
      cbTrapFocus
    >
      <span class="avatar ringing" aria-hidden="true">{{ initial() }}</span>
      <h2 id="incoming-call-title" data-testid="incoming-call-caller">{{ name() }}</h2>
      @if (answeredElsewhere()) {
        <p role="status" data-testid="answered-elsewhere" i18n="@@calls.incoming.answeredElsewhere">Answered on another device</p>
      } @else {
        @if (media() === 'video') {
          <p i18n="@@calls.incoming.video">Incoming video call…</p>
        } @else {
          <p i18n="@@calls.incoming.voice">Incoming voice call…</p>
        }
        <div class="actions">
          <button
            cdkFocusInitial
            type="button"
            class="round accept"
            data-testid="accept-call-audio"
            aria-label="Accept with audio only"
            i18n-aria-label="@@calls.incoming.acceptAudio"
            (click)="accept('audio')"
          >
            <svg viewBox="0 0 20 20" aria-hidden="true"><path [attr.d]="phone" fill="currentColor" /></svg>
          </button>
          @if (media() === 'video') {
            <button
              type="button"
              class="round accept"
              data-testid="accept-call-video"
              aria-label="Accept with video"
              i18n-aria-label="@@calls.incoming.acceptVideo"
              (click)="accept('video')"
            >
              <svg viewBox="0 0 20 20" aria-hidden="true"><path [attr.d]="camera" fill="currentColor" /></svg>
            </button>
          }
          <button
            type="button"
            class="round decline"
            data-testid="decline-call"
            aria-label="Decline"
            i18n-aria-label="@@calls.incoming.decline"
            (click)="store.decline()"
          >
            <svg viewBox="0 0 20 20" aria-hidden="true"><path [attr.d]="phone" fill="currentColor" transform="rotate(135 10 10)" /></svg>
          </button>
        </div>
      }
    </section>
  `,
  styleUrl: './call-card.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IncomingCall {
  protected readonly store = inject(CallStore);

  readonly caller = input.required<PublicUser | null>();
  readonly media = input.required<CallMedia>();
  readonly answeredElsewhere = input(false);

  protected readonly name = computed(() => {
    const caller = this.caller();
    return caller ? caller.displayName || caller.username : $localize`:@@calls.someone:Someone`;
  });
  protected readonly initial = computed(() => this.name().charAt(0).toUpperCase());
  protected readonly phone = PHONE_PATH;
  protected readonly camera = CAMERA_PATH;

  protected accept(media: CallMedia): void {
    void this.store.accept(media);
  }
}
