import { ChangeDetectionStrategy, Component, afterRenderEffect, inject, signal } from '@angular/core';

import { LOCALE_NAMES, SUPPORTED_LOCALES, type AppLocale } from '@contracts/i18n';

import { AuthStore } from '../auth/auth-store';
import { MenuButton } from '../core/menu-button';
import { LocaleSync } from './locale-sync';

/**
 * Header (signed in) and login/register pages (signed out): the app's language. Each language is
 * named in itself, so someone lost in a language they cannot read still finds their own.
 */
@Component({
  selector: 'cb-language-menu',
  template: `
    <button
      #trigger
      type="button"
      class="trigger"
      data-testid="language-menu"
      aria-haspopup="menu"
      [attr.aria-expanded]="open()"
      aria-label="Language"
      i18n-aria-label="@@shell.language.button"
      title="Language"
      i18n-title="@@shell.language.button"
      [disabled]="switching()"
      (click)="open.set(!open())"
    >
      <svg class="icon" viewBox="0 0 20 20" aria-hidden="true">
        <path
          d="M10 2.5a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15Zm-7.5 7.5h15M10 2.5c2 2 3 4.6 3 7.5s-1 5.5-3 7.5c-2-2-3-4.6-3-7.5s1-5.5 3-7.5Z"
          fill="none"
          stroke="currentColor"
          stroke-width="1.5"
          stroke-linejoin="round"
        />
      </svg>
      <span class="current" [attr.lang]="current">{{ names[current] }}</span>
    </button>
    @if (open()) {
      <div
        #menu
        class="menu"
        role="menu"
        tabindex="-1"
        aria-label="Language"
        i18n-aria-label="@@shell.language.button"
        data-testid="language-options"
        (keydown)="moveFocusInMenu($event)"
      >
        @for (locale of locales; track locale) {
          <button
            type="button"
            class="menu-item"
            role="menuitemradio"
            [attr.lang]="locale"
            [attr.aria-checked]="locale === current"
            [attr.data-testid]="'language-' + locale"
            (click)="choose(locale)"
          >
            <span class="name">{{ names[locale] }}</span>
            @if (locale === current) {
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
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      min-height: 2.25rem;
      padding: 0 0.625rem;
      font: inherit;
      font-size: 0.875rem;
      font-weight: 500;
      color: var(--text);
      background: transparent;
      border: 1px solid transparent;
      border-radius: var(--radius);
      cursor: pointer;
    }
    .trigger:hover,
    .trigger[aria-expanded='true'] {
      background: var(--bg);
      border-color: var(--border);
    }
    /* A phone's header has no room for the name: the globe stays, the name is in the menu. */
    @media (max-width: 640px) {
      .current {
        display: none;
      }
      .trigger {
        justify-content: center;
        padding: 0 0.5rem;
      }
    }
    .icon {
      flex: none;
      width: 1.125rem;
      height: 1.125rem;
      color: var(--muted);
    }
    .menu {
      position: absolute;
      inset-block-start: calc(100% + 0.5rem);
      inset-inline-end: 0;
      z-index: 30;
      display: flex;
      flex-direction: column;
      min-width: 11rem;
      padding: 0.375rem;
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: var(--radius);
      box-shadow: var(--shadow-card);
    }
    .menu-item {
      display: flex;
      align-items: center;
      gap: 0.625rem;
      min-height: 2.25rem;
      padding: 0.375rem 0.625rem;
      font-size: 0.875rem;
    }
    .name {
      flex: 1;
    }
    .check {
      flex: none;
      width: 1.125rem;
      height: 1.125rem;
      color: var(--accent);
    }
    @media (max-width: 480px) {
      /* The globe says it on a phone; the current language's name stays for screen readers via the label. */
      .current {
        display: none;
      }
      .trigger {
        min-width: 2.75rem;
        min-height: 2.75rem;
        justify-content: center;
        padding: 0;
      }
    }
  `,
  host: {
    '(document:pointerdown)': 'closeOnOutsidePointer($event)',
    '(keydown.escape)': 'close(true)',
  },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LanguageMenu extends MenuButton {
  private readonly sync = inject(LocaleSync);
  private readonly auth = inject(AuthStore);

  protected readonly locales = SUPPORTED_LOCALES;
  protected readonly names = LOCALE_NAMES;
  protected readonly current: AppLocale = this.sync.running;
  /** Between the choice and the page's restart: a second click would only race the first. */
  protected readonly switching = signal(false);

  constructor() {
    super();
    afterRenderEffect(() => {
      // Opening the menu puts focus on the current choice, as menus do.
      this.menu()?.nativeElement.querySelector<HTMLElement>('[aria-checked="true"]')?.focus();
    });
  }

  protected async choose(locale: AppLocale): Promise<void> {
    this.close(true);
    if (locale === this.current) {
      return;
    }
    this.switching.set(true);
    await this.sync.choose(locale, this.auth.isAuthenticated());
  }
}
