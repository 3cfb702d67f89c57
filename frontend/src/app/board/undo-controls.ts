import { ChangeDetectionStrategy, Component, inject } from '@angular/core';

import { BoardUndo } from './board-undo';

/**
 * Undo and redo buttons for the board bar, and their keys on the whole board page:
 * Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z and Ctrl+Y. Text fields keep their own (native) undo.
 */
@Component({
  selector: 'cb-undo-controls',
  template: `
    @if (undo.enabled()) {
      <div class="undo-group" role="group" aria-label="Undo and redo" i18n-aria-label="@@board.undo.group">
        <button
          type="button"
          class="icon-btn"
          data-testid="undo"
          aria-label="Undo your last note change"
          i18n-aria-label="@@board.undo.undoLabel"
          title="Undo (Ctrl+Z)"
          i18n-title="@@board.undo.undoTitle"
          aria-keyshortcuts="Control+Z Meta+Z"
          [disabled]="!undo.canUndo()"
          (click)="undo.undo()"
        >
          <svg viewBox="0 0 20 20" aria-hidden="true">
            <path
              d="M7.5 5 4 8.5 7.5 12M4.5 8.5h7a4 4 0 0 1 0 8H9"
              fill="none"
              stroke="currentColor"
              stroke-width="1.8"
              stroke-linecap="round"
              stroke-linejoin="round"
            />
          </svg>
        </button>
        <button
          type="button"
          class="icon-btn"
          data-testid="redo"
          aria-label="Redo your last undone note change"
          i18n-aria-label="@@board.undo.redoLabel"
          title="Redo (Shift+Ctrl+Z)"
          i18n-title="@@board.undo.redoTitle"
          aria-keyshortcuts="Shift+Control+Z Shift+Meta+Z Control+Y"
          [disabled]="!undo.canRedo()"
          (click)="undo.redo()"
        >
          <svg viewBox="0 0 20 20" aria-hidden="true">
            <path
              d="M12.5 5 16 8.5 12.5 12M15.5 8.5h-7a4 4 0 0 0 0 8H11"
              fill="none"
              stroke="currentColor"
              stroke-width="1.8"
              stroke-linecap="round"
              stroke-linejoin="round"
            />
          </svg>
        </button>
      </div>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      flex: none;
    }
    .undo-group {
      display: inline-flex;
      gap: 0.125rem;
    }
    .icon-btn {
      display: grid;
      place-items: center;
      width: 2.25rem;
      height: 2.25rem;
      padding: 0;
      color: var(--text);
      background: transparent;
      border: 1px solid var(--border-strong);
      border-radius: var(--radius);
      cursor: pointer;
    }
    .icon-btn:not(:disabled):hover {
      background: var(--bg);
    }
    .icon-btn:disabled {
      color: var(--muted);
      opacity: 0.5;
      cursor: default;
    }
    .icon-btn:focus-visible {
      outline: 2px solid var(--accent);
      outline-offset: 2px;
    }
    .icon-btn svg {
      width: 1.125rem;
      height: 1.125rem;
    }
    /* Undo points back, redo forward: in right-to-left, back is to the right. */
    .icon-btn:dir(rtl) svg {
      transform: scaleX(-1);
    }
    /* On a phone the bar's buttons join the title row; these take the row below it (see board-page.css). */
    @media (max-width: 640px) {
      :host {
        order: 1;
      }
    }
  `,
  host: { '(document:keydown)': 'onKey($event)' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UndoControls {
  protected readonly undo = inject(BoardUndo);

  protected onKey(event: KeyboardEvent): void {
    const direction = undoKey(event);
    if (!direction || isTextTarget(event.target) || !this.undo.enabled()) {
      return;
    }
    event.preventDefault();
    void (direction === 'undo' ? this.undo.undo() : this.undo.redo());
  }
}

/** Which history key the event is, if any. */
export function undoKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): 'undo' | 'redo' | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) {
    return null;
  }
  const key = event.key.toLowerCase();
  if (key === 'z') {
    return event.shiftKey ? 'redo' : 'undo';
  }
  return key === 'y' && event.ctrlKey && !event.shiftKey ? 'redo' : null;
}

/** Text fields undo their own typing. */
function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) {
    return false;
  }
  return target.isContentEditable || target.matches('input, textarea, select, [contenteditable]:not([contenteditable="false"])');
}
