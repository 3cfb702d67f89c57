import { ChangeDetectionStrategy, Component, type ElementRef, signal, viewChild } from '@angular/core';

import { BoardSettings } from './board-settings';

/** The board bar's entry to members and sharing; the panel opens as a dialog and gives focus back on close. */
@Component({
  selector: 'cb-board-settings-button',
  imports: [BoardSettings],
  template: `
    <button
      #opener
      type="button"
      class="btn btn-ghost settings-button"
      data-testid="board-settings"
      aria-haspopup="dialog"
      [attr.aria-expanded]="open()"
      title="Members and sharing"
      i18n-title="@@board.settings.title"
      (click)="open.set(true)"
    >
      <svg viewBox="0 0 20 20" aria-hidden="true">
        <circle cx="7.5" cy="7" r="2.75" fill="none" stroke="currentColor" stroke-width="1.6" />
        <path
          d="M2.5 16c.6-2.8 2.6-4.25 5-4.25s4.4 1.45 5 4.25"
          fill="none"
          stroke="currentColor"
          stroke-width="1.6"
          stroke-linecap="round"
        />
        <path
          d="M13 5.25a2.5 2.5 0 0 1 0 4.5M14.75 12.25c1.4.6 2.3 1.85 2.75 3.75"
          fill="none"
          stroke="currentColor"
          stroke-width="1.6"
          stroke-linecap="round"
        />
      </svg>
      <span class="settings-label" i18n="@@board.settings.share">Share</span>
    </button>
    @if (open()) {
      <cb-board-settings (closed)="close()" />
    }
  `,
  styles: `
    .settings-button {
      min-height: 2.25rem;
      gap: 0.375rem;
    }
    svg {
      width: 1rem;
      height: 1rem;
    }
    @media (max-width: 480px) {
      .settings-label {
        display: none;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BoardSettingsButton {
  private readonly opener = viewChild.required<ElementRef<HTMLButtonElement>>('opener');
  protected readonly open = signal(false);

  protected close(): void {
    this.open.set(false);
    this.opener().nativeElement.focus();
  }
}
