import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, input, signal } from '@angular/core';

import { type Board, canEditNotes, roleOf } from '@contracts/boards';

import { AuthStore } from '../auth/auth-store';
import { ActivityPanel } from './activity-panel';
import { TrashPanel } from './trash-panel';

type Open = 'activity' | 'trash' | null;

/** The board bar's Activity and Trash toggles, and whichever of the two panels is open. */
@Component({
  selector: 'cb-history-panels',
  imports: [ActivityPanel, TrashPanel],
  template: `
    <button
      type="button"
      class="toggle"
      data-testid="activity-toggle"
      aria-haspopup="dialog"
      [attr.aria-expanded]="open() === 'activity'"
      (click)="toggle('activity')"
    >
      <svg viewBox="0 0 20 20" aria-hidden="true">
        <path
          d="M10 5.5V10l3 2M17 10a7 7 0 1 1-14 0 7 7 0 0 1 14 0Z"
          fill="none"
          stroke="currentColor"
          stroke-width="1.8"
          stroke-linecap="round"
        />
      </svg>
      <span class="label" i18n="@@board.history.activity">Activity</span>
    </button>
    <button
      type="button"
      class="toggle"
      data-testid="trash-toggle"
      aria-haspopup="dialog"
      [attr.aria-expanded]="open() === 'trash'"
      (click)="toggle('trash')"
    >
      <svg viewBox="0 0 20 20" aria-hidden="true">
        <path
          d="M4 6h12M8 6V4.5h4V6M5.5 6l.8 10h7.4l.8-10"
          fill="none"
          stroke="currentColor"
          stroke-width="1.8"
          stroke-linecap="round"
          stroke-linejoin="round"
        />
      </svg>
      <span class="label" i18n="@@board.history.trash">Trash</span>
    </button>
    @switch (open()) {
      @case ('activity') {
        <cb-activity-panel [boardId]="board().id" (closed)="close()" />
      }
      @case ('trash') {
        <cb-trash-panel [boardId]="board().id" [canRestore]="canEdit()" [isOwner]="isOwner()" (closed)="close()" />
      }
    }
  `,
  styles: `
    :host {
      position: relative;
      display: inline-flex;
      flex: none;
      gap: 0.5rem;
    }
    .toggle {
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      height: 2.25rem;
      padding: 0 0.625rem;
      font: inherit;
      font-size: 0.875rem;
      font-weight: 600;
      color: var(--text);
      background: transparent;
      border: 1px solid var(--border-strong);
      border-radius: var(--radius);
      cursor: pointer;
    }
    .toggle:hover,
    .toggle[aria-expanded='true'] {
      background: var(--bg);
    }
    .toggle:focus-visible {
      outline: 2px solid var(--accent);
      outline-offset: 2px;
    }
    .toggle svg {
      width: 1.125rem;
      height: 1.125rem;
      color: var(--muted);
    }
    /* On a phone the bar's buttons join the title row; these take the row below it (see board-page.css). */
    @media (max-width: 640px) {
      :host {
        order: 1;
      }
    }
    @media (max-width: 720px) {
      .label {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HistoryPanels {
  private readonly auth = inject(AuthStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  readonly board = input.required<Board>();

  protected readonly open = signal<Open>(null);
  protected readonly canEdit = computed(() => canEditNotes(roleOf(this.board(), this.auth.user()?.id)));
  protected readonly isOwner = computed(() => this.board().ownerId === this.auth.user()?.id);

  protected toggle(panel: Exclude<Open, null>): void {
    this.open.update((open) => (open === panel ? null : panel));
  }

  protected close(): void {
    const was = this.open();
    this.open.set(null);
    // Back to the toggle that opened it, so keyboard users keep their place.
    queueMicrotask(() => this.host.querySelector<HTMLElement>(`[data-testid="${was}-toggle"]`)?.focus());
  }
}
