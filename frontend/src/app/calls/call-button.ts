import { ChangeDetectionStrategy, Component, afterRenderEffect, computed, inject, input } from '@angular/core';

import type { PublicUser } from '@contracts/api';
import type { CallMedia } from '@contracts/calls';

import { MenuButton } from '../core/menu-button';
import { CallStore } from './call-store';
import { CAMERA_PATH, PHONE_PATH } from './call-icons';

/**
 * Calls `peer`, by voice or video: a phone button with a small menu, or two buttons (`inline`). Present only inside the
 * signed-in shell, which provides the CallStore.
 */
@Component({
  selector: 'cb-call-button',
  template: `
    @if (store) {
      @if (inline()) {
        <span class="group" role="group" data-testid="call-button" [attr.data-callee-id]="peer().id" [attr.aria-label]="label()">
          <button
            type="button"
            class="trigger"
            data-testid="call-audio"
            aria-label="Voice call {{ name() }}"
            i18n-aria-label="@@calls.button.voiceName"
            title="Voice call {{ name() }}"
            i18n-title="@@calls.button.voiceName"
            [disabled]="!store.free()"
            (click)="call('audio')"
          >
            <svg viewBox="0 0 20 20" aria-hidden="true">
              <path [attr.d]="phone" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" />
            </svg>
          </button>
          <button
            type="button"
            class="trigger"
            data-testid="call-video"
            aria-label="Video call {{ name() }}"
            i18n-aria-label="@@calls.button.videoName"
            title="Video call {{ name() }}"
            i18n-title="@@calls.button.videoName"
            [disabled]="!store.free()"
            (click)="call('video')"
          >
            <svg viewBox="0 0 20 20" aria-hidden="true"><path [attr.d]="camera" fill="currentColor" /></svg>
          </button>
        </span>
      } @else {
        <button
          #trigger
          type="button"
          class="trigger"
          data-testid="call-button"
          aria-haspopup="menu"
          [attr.data-callee-id]="peer().id"
          [attr.aria-expanded]="open()"
          [attr.aria-label]="label()"
          [title]="label()"
          [disabled]="!store.free()"
          (click)="open.set(!open())"
        >
          <svg viewBox="0 0 20 20" aria-hidden="true">
            <path [attr.d]="phone" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" />
          </svg>
        </button>
        @if (open()) {
          <div #menu class="menu" role="menu" tabindex="-1" [attr.aria-label]="label()" (keydown)="moveFocusInMenu($event)">
            <button type="button" class="item" role="menuitem" data-testid="call-audio" (click)="call('audio')" i18n="@@calls.button.voice">
              Voice call
            </button>
            <button type="button" class="item" role="menuitem" data-testid="call-video" (click)="call('video')" i18n="@@calls.button.video">
              Video call
            </button>
          </div>
        }
      }
    }
  `,
  styles: `
    :host {
      position: relative;
      display: inline-flex;
      flex: none;
    }
    .group {
      display: inline-flex;
      gap: 0.25rem;
    }
    .trigger {
      display: inline-grid;
      place-items: center;
      width: 2rem;
      height: 2rem;
      padding: 0;
      color: var(--muted);
      background: transparent;
      border: 1px solid var(--border);
      border-radius: 50%;
      cursor: pointer;
    }
    .trigger:not(:disabled):hover,
    .trigger[aria-expanded='true'] {
      color: var(--accent);
      background: var(--bg);
    }
    .trigger:disabled {
      opacity: 0.45;
      cursor: default;
    }
    .trigger svg {
      width: 1rem;
      height: 1rem;
    }
    .menu {
      position: absolute;
      top: calc(100% + 0.375rem);
      inset-inline-end: 0;
      z-index: 9;
      display: flex;
      flex-direction: column;
      min-width: 9rem;
      padding: 0.375rem;
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: var(--radius);
      box-shadow: var(--shadow-card);
    }
    .item {
      padding: 0.4375rem 0.625rem;
      font: inherit;
      font-size: 0.875rem;
      font-weight: 600;
      text-align: start;
      color: var(--text);
      background: transparent;
      border: 0;
      border-radius: 6px;
      cursor: pointer;
    }
    .item:hover,
    .item:focus-visible {
      background: var(--bg);
    }
  `,
  host: {
    '(document:pointerdown)': 'closeOnOutsidePointer($event)',
    '(keydown.escape)': 'close(true)',
  },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CallButton extends MenuButton {
  protected readonly store = inject(CallStore, { optional: true });

  readonly peer = input.required<PublicUser>();
  /** Two buttons side by side instead of a menu (in lists that scroll, where a menu would be clipped). */
  readonly inline = input(false);

  protected readonly name = computed(() => this.peer().displayName || this.peer().username);
  protected readonly label = computed(() => $localize`:@@calls.button.label:Call ${this.name()}:name:`);
  protected readonly phone = PHONE_PATH;
  protected readonly camera = CAMERA_PATH;

  constructor() {
    super();
    afterRenderEffect(() => this.menu()?.nativeElement.querySelector<HTMLElement>('[role="menuitem"]')?.focus());
  }

  protected call(media: CallMedia): void {
    this.close();
    void this.store?.call(this.peer(), media);
  }
}
