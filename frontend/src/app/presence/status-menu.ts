import { ChangeDetectionStrategy, Component, DestroyRef, afterRenderEffect, computed, inject, output } from '@angular/core';

import { PRESENCE_STATUSES, type PresenceStatus } from '@contracts/presence';

import { AuthStore } from '../auth/auth-store';
import { MenuButton } from '../core/menu-button';
import { STATUS_LABELS } from './status-labels';
import { StatusStore } from './status-store';

const HINTS: Record<PresenceStatus, string> = {
  online: $localize`:@@presence.statusMenu.onlineHint:Others see you are here`,
  away: $localize`:@@presence.statusMenu.awayHint:Also set when your tabs stay hidden`,
  busy: $localize`:@@presence.statusMenu.busyHint:Stays on until you change it`,
};

/**
 * Header: the user's initial with their status dot; opens the account menu: online, away or
 * busy, and logging out on every device (the phone header has no room for a second button).
 */
@Component({
  selector: 'cb-status-menu',
  template: `
    <button
      #trigger
      type="button"
      class="trigger"
      data-testid="status-menu"
      aria-haspopup="menu"
      [attr.aria-expanded]="open()"
      [attr.data-status]="status()"
      aria-label="{{ name() }}, your status: {{ label() }}"
      i18n-aria-label="@@presence.statusMenu.trigger"
      title="{{ name() }} · {{ label() }}"
      (click)="toggle()"
    >
      <span class="avatar" aria-hidden="true">{{ initial() }}</span>
      <span class="dot" [attr.data-status]="status()" aria-hidden="true"></span>
    </button>
    @if (open()) {
      <div
        #menu
        class="menu"
        role="menu"
        tabindex="-1"
        aria-label="Your status and sessions"
        i18n-aria-label="@@presence.statusMenu.menu"
        (keydown)="moveFocusInMenu($event)"
      >
        <p class="who" aria-hidden="true">
          <span class="who-name">{{ name() }}</span>
          <span class="who-hint" i18n="@@presence.statusMenu.yourStatus">Your status</span>
        </p>
        @for (option of options; track option) {
          <button
            type="button"
            class="menu-item"
            role="menuitemradio"
            [attr.aria-checked]="option === status()"
            [attr.data-testid]="'status-' + option"
            (click)="choose(option)"
          >
            <span class="dot static" [attr.data-status]="option" aria-hidden="true"></span>
            <span class="text">
              <span class="menu-item-label">{{ labels[option] }}</span>
              <span class="menu-item-hint">{{ hints[option] }}</span>
            </span>
            @if (option === status()) {
              <svg class="check" viewBox="0 0 20 20" aria-hidden="true">
                <path
                  d="m5 10.5 3.2 3L15 6.5"
                  fill="none"
                  stroke="currentColor"
                  stroke-width="2"
                  stroke-linecap="round"
                  stroke-linejoin="round"
                />
              </svg>
            }
          </button>
        }
        <div class="separator" role="separator"></div>
        <button type="button" class="menu-item" role="menuitem" data-testid="logout-all" (click)="endEverySession()">
          <span class="text">
            <span class="menu-item-label" i18n="@@presence.statusMenu.logoutAll">Log out everywhere</span>
            <span class="menu-item-hint" i18n="@@presence.statusMenu.logoutAllHint">Signs you out on every device and browser</span>
          </span>
        </button>
      </div>
    }
  `,
  styles: `
    :host {
      position: relative;
      display: inline-flex;
      flex: none;
    }
    .trigger {
      position: relative;
      display: inline-grid;
      place-items: center;
      width: 2.25rem;
      height: 2.25rem;
      padding: 0;
      background: transparent;
      border: 0;
      border-radius: 50%;
      cursor: pointer;
    }
    .avatar {
      display: inline-grid;
      place-items: center;
      width: 2rem;
      height: 2rem;
      font-size: 0.875rem;
      font-weight: 600;
      color: var(--accent-strong);
      background: var(--accent-soft);
      border-radius: 50%;
      transition: box-shadow 0.15s;
    }
    .trigger:hover .avatar,
    .trigger[aria-expanded='true'] .avatar {
      box-shadow: 0 0 0 3px var(--border);
    }
    .dot {
      width: 0.75rem;
      height: 0.75rem;
      background: #12b76a;
      border: 2px solid var(--surface);
      border-radius: 50%;
    }
    .trigger .dot {
      position: absolute;
      inset-inline-end: 0;
      bottom: 0;
    }
    .dot[data-status='away'] {
      background: #f79009;
    }
    .dot[data-status='busy'] {
      background: #d92d20;
    }
    .dot.static {
      flex: none;
      width: 0.625rem;
      height: 0.625rem;
      margin-top: 0.375rem;
      border: 0;
    }
    .menu {
      position: absolute;
      top: calc(100% + 0.5rem);
      inset-inline-end: 0;
      z-index: 30;
      display: flex;
      flex-direction: column;
      width: 16rem;
      padding: 0.375rem;
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: var(--radius);
      box-shadow: var(--shadow-card);
    }
    .who {
      display: flex;
      flex-direction: column;
      margin: 0 0 0.25rem;
      padding: 0.375rem 0.625rem 0.5rem;
      line-height: 1.35;
      border-bottom: 1px solid var(--border);
    }
    .who-name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font-weight: 700;
    }
    .who-hint {
      font-size: 0.75rem;
      color: var(--muted);
    }
    .menu-item {
      display: flex;
      align-items: flex-start;
      gap: 0.625rem;
      padding: 0.5rem 0.625rem;
    }
    .text {
      display: flex;
      flex: 1;
      flex-direction: column;
      line-height: 1.35;
    }
    .separator {
      margin: 0.25rem 0;
      border-top: 1px solid var(--border);
    }
    .check {
      flex: none;
      width: 1.125rem;
      height: 1.125rem;
      margin-top: 0.125rem;
      color: var(--accent);
    }
    @media (max-width: 480px) {
      .menu {
        position: fixed;
        top: 3.25rem;
        inset-inline-end: 0.75rem;
        inset-inline-start: auto;
        width: min(16rem, calc(100vw - 1.5rem));
      }
    }
  `,
  host: {
    '(document:pointerdown)': 'closeOnOutsidePointer($event)',
    '(keydown.escape)': 'close(true)',
  },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusMenu extends MenuButton {
  private readonly store = inject(StatusStore);
  private readonly auth = inject(AuthStore);

  protected readonly options = PRESENCE_STATUSES;
  protected readonly labels = STATUS_LABELS;
  protected readonly hints = HINTS;
  protected readonly status = this.store.status;
  protected readonly label = computed(() => STATUS_LABELS[this.status()]);
  protected readonly name = this.auth.displayName;
  protected readonly initial = computed(() => this.name().charAt(0).toUpperCase());

  constructor() {
    super();
    // The header lives as long as the session: so does tracking whether the user is here.
    this.store.start();
    inject(DestroyRef).onDestroy(() => this.store.stop());
    afterRenderEffect(() => {
      // Opening the menu puts focus on the current choice, as menus do.
      this.menu()?.nativeElement.querySelector<HTMLElement>('[aria-checked="true"]')?.focus();
    });
  }

  protected toggle(): void {
    this.open.update((open) => !open);
  }

  /** The shell ends the sessions: it owns what happens after (the login page, or a toast). */
  readonly logoutEverywhere = output();

  protected choose(status: PresenceStatus): void {
    this.store.choose(status);
    this.close(true);
  }

  protected endEverySession(): void {
    this.close();
    this.logoutEverywhere.emit();
  }
}
