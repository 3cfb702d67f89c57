import { ChangeDetectionStrategy, Component, inject } from '@angular/core';

import { BoardStore } from './board-store';
import { TrapFocus } from '../a11y/trap-focus';

/** Shown when the server refused a text edit because someone changed the note first: the user picks a text. */
@Component({
  selector: 'cb-conflict-dialog',
  imports: [TrapFocus],
  template: `
    @if (store.conflict(); as conflict) {
      <div class="modal-backdrop">
        <section
          class="modal-dialog"
          role="alertdialog"
          aria-modal="true"
          aria-labelledby="conflict-title"
          aria-describedby="conflict-help"
          data-testid="conflict-dialog"
          cbTrapFocus
        >
          <h2 id="conflict-title" i18n="@@board.conflict.title">Someone changed this note while you were editing</h2>
          <p id="conflict-help" class="help" i18n="@@board.conflict.help">Nothing is lost yet: choose which text the note keeps.</p>
          <div class="versions">
            <figure>
              <figcaption i18n="@@board.conflict.mine">Your text</figcaption>
              <blockquote data-testid="conflict-mine" dir="auto">{{ conflict.mine }}</blockquote>
            </figure>
            <figure>
              <figcaption i18n="@@board.conflict.theirs">Their text (saved)</figcaption>
              <blockquote data-testid="conflict-theirs" dir="auto">{{ conflict.theirs }}</blockquote>
            </figure>
          </div>
          <div class="actions">
            <button
              type="button"
              class="btn btn-ghost"
              data-testid="conflict-theirs-button"
              (click)="choose(conflict.key, 'theirs')"
              i18n="@@board.conflict.useTheirs"
            >
              Use theirs
            </button>
            <button
              type="button"
              class="btn btn-primary"
              data-testid="conflict-mine-button"
              cdkFocusInitial
              (click)="choose(conflict.key, 'mine')"
              i18n="@@board.conflict.keepMine"
            >
              Keep mine
            </button>
          </div>
        </section>
      </div>
    }
  `,
  styles: `
    .modal-dialog {
      max-width: 40rem;
    }
    h2 {
      margin: 0 0 0.25rem;
      font-size: 1.25rem;
    }
    .help {
      margin: 0 0 1rem;
      color: var(--muted);
    }
    .versions {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 0.75rem;
    }
    figure {
      margin: 0;
    }
    figcaption {
      margin-bottom: 0.375rem;
      font-size: 0.8125rem;
      font-weight: 700;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--muted);
    }
    /* Arabic letters join: spacing them apart breaks the words. */
    figcaption:lang(ar) {
      letter-spacing: normal;
    }
    blockquote {
      min-height: 5rem;
      max-height: 14rem;
      margin: 0;
      padding: 0.75rem;
      overflow: auto;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      background: #fff8d6;
      border: 1px solid #efe0a0;
      border-radius: var(--radius);
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      gap: 0.5rem;
      margin-top: 1.25rem;
    }
    @media (max-width: 480px) {
      .versions {
        grid-template-columns: 1fr;
      }
      .actions .btn {
        flex: 1;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConflictDialog {
  protected readonly store = inject(BoardStore);

  protected choose(key: string, choice: 'mine' | 'theirs'): void {
    this.store.resolveConflict(key, choice);
  }
}
