import { ChangeDetectionStrategy, Component, signal } from '@angular/core';

import { isShortcutsKey } from './shortcut-key';
import { TrapFocus } from './trap-focus';

/**
 * The board's keyboard map: a button in the board bar and `?` anywhere outside a text field open
 * it; focus is trapped inside while it is open and goes back where it was on close.
 * docs/accessibility.md holds the same table.
 */
@Component({
  selector: 'cb-keyboard-shortcuts',
  imports: [TrapFocus],
  template: `
    <button
      type="button"
      class="btn btn-ghost trigger"
      data-testid="shortcuts-button"
      aria-label="Keyboard shortcuts"
      i18n-aria-label="@@a11y.shortcuts.open"
      title="Keyboard shortcuts (?)"
      i18n-title="@@a11y.shortcuts.openTitle"
      aria-keyshortcuts="Shift+?"
      aria-haspopup="dialog"
      [attr.aria-expanded]="open()"
      (click)="open.set(true)"
    >
      <span aria-hidden="true">?</span>
    </button>
    @if (open()) {
      <div class="modal-backdrop">
        <section
          class="modal-dialog"
          role="dialog"
          aria-modal="true"
          aria-labelledby="shortcuts-title"
          data-testid="shortcuts-dialog"
          cbTrapFocus
          (keydown.escape)="close($event)"
        >
          <header>
            <h2 id="shortcuts-title" i18n="@@a11y.shortcuts.title">Keyboard shortcuts</h2>
            <button
              type="button"
              class="btn btn-ghost"
              data-testid="shortcuts-close"
              cdkFocusInitial
              i18n="@@a11y.shortcuts.close"
              (click)="open.set(false)"
            >
              Close
            </button>
          </header>
          <div class="table-wrap" tabindex="0" aria-labelledby="shortcuts-title">
            <table>
              <thead>
                <tr>
                  <th scope="col" i18n="@@a11y.shortcuts.key">Key</th>
                  <th scope="col" i18n="@@a11y.shortcuts.action">Action</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td><kbd>Tab</kbd> / <kbd>Shift</kbd>+<kbd>Tab</kbd></td>
                  <td i18n="@@a11y.shortcuts.tab">Go to the next or previous note or control</td>
                </tr>
                <tr>
                  <td><kbd>Enter</kbd></td>
                  <td i18n="@@a11y.shortcuts.edit">On a note: edit its text</td>
                </tr>
                <tr>
                  <td><kbd>Enter</kbd> / <kbd>Shift</kbd>+<kbd>Enter</kbd></td>
                  <td i18n="@@a11y.shortcuts.save">While editing: save / start a new line</td>
                </tr>
                <tr>
                  <td><kbd>Esc</kbd></td>
                  <td i18n="@@a11y.shortcuts.escape">Stop editing without saving; close a dialog, menu or panel</td>
                </tr>
                <tr>
                  <td><kbd>←</kbd> <kbd>↑</kbd> <kbd>→</kbd> <kbd>↓</kbd></td>
                  <td i18n="@@a11y.shortcuts.move">On a note: move it by 10 px (with Shift: 50 px)</td>
                </tr>
                <tr>
                  <td><kbd>Tab</kbd>, <kbd>←</kbd> <kbd>→</kbd></td>
                  <td i18n="@@a11y.shortcuts.colour">From a note: its colour picker, arrows pick the colour</td>
                </tr>
                <tr>
                  <td><kbd>Delete</kbd> / <kbd>Backspace</kbd></td>
                  <td i18n="@@a11y.shortcuts.delete">On a note: delete it (focus moves to the next note)</td>
                </tr>
                <tr>
                  <td><kbd>Ctrl</kbd>+<kbd>Z</kbd></td>
                  <td i18n="@@a11y.shortcuts.undo">Undo your last note change</td>
                </tr>
                <tr>
                  <td><kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd> / <kbd>Ctrl</kbd>+<kbd>Y</kbd></td>
                  <td i18n="@@a11y.shortcuts.redo">Redo</td>
                </tr>
                <tr>
                  <td><kbd>←</kbd> <kbd>↑</kbd> <kbd>→</kbd> <kbd>↓</kbd></td>
                  <td i18n="@@a11y.shortcuts.pan">On the board itself: pan</td>
                </tr>
                <tr>
                  <td><kbd>+</kbd> / <kbd>−</kbd> / <kbd>0</kbd></td>
                  <td i18n="@@a11y.shortcuts.zoom">On the board itself: zoom in / out / reset</td>
                </tr>
                <tr>
                  <td><kbd>?</kbd></td>
                  <td i18n="@@a11y.shortcuts.help">Show this list</td>
                </tr>
              </tbody>
            </table>
          </div>
        </section>
      </div>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
    }
    .trigger {
      min-width: 2.25rem;
      font-weight: 700;
    }
    .modal-dialog {
      max-width: 36rem;
    }
    header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 1rem;
      margin-bottom: 0.75rem;
    }
    h2 {
      margin: 0;
      font-size: 1.25rem;
    }
    .table-wrap {
      max-height: 60vh;
      overflow: auto;
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    th,
    td {
      padding: 0.375rem 0.5rem;
      text-align: start;
      vertical-align: top;
      border-block-end: 1px solid var(--border);
    }
    td:first-child {
      white-space: nowrap;
    }
    kbd {
      display: inline-block;
      min-width: 1.5em;
      padding: 0 0.3em;
      font: inherit;
      font-size: 0.875em;
      text-align: center;
      background: var(--bg);
      border: 1px solid var(--border-strong);
      border-radius: 4px;
    }
  `,
  host: { '(document:keydown)': 'openOnKey($event)' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KeyboardShortcuts {
  protected readonly open = signal(false);

  protected openOnKey(event: KeyboardEvent): void {
    if (!this.open() && isShortcutsKey(event)) {
      event.preventDefault();
      this.open.set(true);
    }
  }

  protected close(event: Event): void {
    // Escape here closes only this dialog, not a panel or menu behind it.
    event.stopPropagation();
    this.open.set(false);
  }
}
