import { ChangeDetectionStrategy, Component, DestroyRef, LOCALE_ID, computed, inject, signal } from '@angular/core';

import { CallStore } from './call-store';
import { callDuration, qualityDetail, qualityLevel } from './call-quality';
import { CAMERA_PATH, PHONE_PATH } from './call-icons';

const QUALITY_LABELS = {
  good: $localize`:@@calls.quality.good:Good connection`,
  fair: $localize`:@@calls.quality.fair:Fair connection`,
  poor: $localize`:@@calls.quality.poor:Poor connection`,
  unknown: $localize`:@@calls.quality.unknown:Connection`,
} as const;

const TEXT = {
  mute: $localize`:@@calls.inCall.mute:Mute microphone`,
  unmute: $localize`:@@calls.inCall.unmute:Unmute microphone`,
  cameraOn: $localize`:@@calls.inCall.cameraOn:Turn camera on`,
  cameraOff: $localize`:@@calls.inCall.cameraOff:Turn camera off`,
  cancel: $localize`:@@calls.inCall.cancel:Cancel call`,
  hangUp: $localize`:@@calls.inCall.hangUp:Hang up`,
};

/**
 * The call in progress: remote video (or the peer's avatar for a voice call), self view,
 * mute, camera off, hang up, timer and quality. Its host carries the peer connection's state
 * and the inbound byte counts as data attributes (the browser tests read them).
 */
@Component({
  selector: 'cb-in-call',
  template: `
    @let phase = store.phase();
    @let session = store.session();
    @if (phase.kind === 'outgoing-ringing' || phase.kind === 'connecting' || phase.kind === 'active') {
      <section class="call-card in-call" role="region" aria-label="Call with {{ name() }}" i18n-aria-label="@@calls.inCall.region">
        <div class="stage">
          @if (showRemoteVideo()) {
            <video class="remote" data-testid="remote-video" autoplay playsinline [srcObject]="session?.remoteStream() ?? null"></video>
          } @else {
            <span class="avatar" aria-hidden="true">{{ initial() }}</span>
            <audio autoplay [srcObject]="session?.remoteStream() ?? null"></audio>
          }
          @if (session?.hasVideo() && !session?.cameraOff()) {
            <video
              class="self"
              data-testid="self-view"
              autoplay
              playsinline
              aria-label="Your camera"
              i18n-aria-label="@@calls.inCall.selfView"
              [muted]="true"
              [srcObject]="session?.localStream() ?? null"
            ></video>
          }
        </div>
        <h2>{{ name() }}</h2>
        <p role="status">
          @switch (phase.kind) {
            @case ('outgoing-ringing') {
              <ng-container i18n="@@calls.inCall.ringing">Ringing…</ng-container>
            }
            @case ('connecting') {
              <ng-container i18n="@@calls.inCall.connecting">Connecting…</ng-container>
            }
            @case ('active') {
              <span data-testid="call-timer">{{ elapsed() }}</span>
              <span class="quality" data-testid="call-quality" [attr.data-level]="level()" [title]="detail()">
                · <bdi>{{ qualityLabel() }} ({{ detail() }})</bdi>
              </span>
            }
          }
        </p>
        <div class="actions">
          <button
            type="button"
            class="round"
            data-testid="toggle-mute"
            [attr.aria-pressed]="session?.muted() ?? false"
            [attr.aria-label]="session?.muted() ? text.unmute : text.mute"
            [disabled]="!session"
            (click)="store.toggleMute()"
          >
            <svg viewBox="0 0 20 20" aria-hidden="true">
              <path
                d="M10 2.5a2.5 2.5 0 0 0-2.5 2.5v5a2.5 2.5 0 0 0 5 0V5A2.5 2.5 0 0 0 10 2.5ZM5 9.5a5 5 0 0 0 10 0M10 14.5v3"
                fill="none"
                stroke="currentColor"
                stroke-width="1.6"
                stroke-linecap="round"
              />
              @if (session?.muted()) {
                <path d="M3 3l14 14" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
              }
            </svg>
          </button>
          @if (session?.hasVideo()) {
            <button
              type="button"
              class="round"
              data-testid="toggle-camera"
              [attr.aria-pressed]="session?.cameraOff() ?? false"
              [attr.aria-label]="session?.cameraOff() ? text.cameraOn : text.cameraOff"
              (click)="store.toggleCamera()"
            >
              <svg viewBox="0 0 20 20" aria-hidden="true">
                <path [attr.d]="camera" fill="currentColor" />
                @if (session?.cameraOff()) {
                  <path d="M3 3l14 14" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
                }
              </svg>
            </button>
          }
          <button
            type="button"
            class="round hang-up"
            data-testid="hang-up"
            [attr.aria-label]="phase.kind === 'outgoing-ringing' ? text.cancel : text.hangUp"
            (click)="store.hangUp()"
          >
            <svg viewBox="0 0 20 20" aria-hidden="true"><path [attr.d]="phone" fill="currentColor" transform="rotate(135 10 10)" /></svg>
          </button>
        </div>
      </section>
    }
  `,
  styleUrl: './call-card.css',
  styles: `
    .in-call {
      width: 22rem;
    }
    .stage {
      position: relative;
      display: grid;
      place-items: center;
      width: 100%;
      min-height: 8rem;
      overflow: hidden;
      background: #0f131c;
      border-radius: var(--radius);
    }
    .remote {
      width: 100%;
      max-height: 60vh;
      background: #000;
    }
    .self {
      position: absolute;
      inset-inline-end: 0.5rem;
      bottom: 0.5rem;
      width: 30%;
      border: 2px solid #1c2230;
      border-radius: 6px;
      transform: scaleX(-1);
    }
    .quality[data-level='good'] {
      color: #6ce9a6;
    }
    .quality[data-level='fair'] {
      color: #fec84b;
    }
    .quality[data-level='poor'] {
      color: #fda29b;
    }
  `,
  host: {
    'data-testid': 'in-call',
    '[attr.data-phase]': 'store.phase().kind',
    '[attr.data-call-id]': 'callId()',
    '[attr.data-connection-state]': "store.session()?.connectionState() ?? 'new'",
    '[attr.data-audio-bytes]': 'quality()?.bytesReceived?.audio ?? 0',
    '[attr.data-video-bytes]': 'quality()?.bytesReceived?.video ?? 0',
    '[attr.data-connect-ms]': 'store.connectMs()',
  },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InCall {
  protected readonly store = inject(CallStore);
  private readonly now = signal(Date.now());

  private readonly locale = inject(LOCALE_ID);
  protected readonly text = TEXT;
  protected readonly phone = PHONE_PATH;
  protected readonly camera = CAMERA_PATH;
  protected readonly quality = computed(() => this.store.session()?.quality() ?? null);
  protected readonly level = computed(() => qualityLevel(this.quality()));
  protected readonly qualityLabel = computed(() => QUALITY_LABELS[this.level()]);
  protected readonly detail = computed(() => qualityDetail(this.quality(), this.locale));
  protected readonly callId = computed(() => {
    const phase = this.store.phase();
    return phase.kind === 'connecting' || phase.kind === 'active'
      ? phase.call.id
      : phase.kind === 'outgoing-ringing'
        ? (phase.call?.id ?? null)
        : null;
  });
  protected readonly name = computed(() => {
    const phase = this.store.phase();
    const peer = phase.kind === 'idle' ? null : phase.peer;
    return peer ? peer.displayName || peer.username : '';
  });
  protected readonly initial = computed(() => this.name().charAt(0).toUpperCase());
  protected readonly showRemoteVideo = computed(() => {
    const phase = this.store.phase();
    const remote = this.store.session()?.remoteStream();
    return (phase.kind === 'connecting' || phase.kind === 'active') && (remote?.getVideoTracks().length ?? 0) > 0;
  });
  protected readonly elapsed = computed(() => {
    const phase = this.store.phase();
    return phase.kind === 'active' ? callDuration(this.now() - phase.connectedAt, this.locale) : '';
  });

  constructor() {
    const timer = setInterval(() => this.now.set(Date.now()), 1000);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }
}
