import { ChangeDetectionStrategy, Component, LOCALE_ID, computed, inject, input, output } from '@angular/core';

import { formatInteger } from '../i18n/format';
import { TrapFocus } from '../a11y/trap-focus';

/** Asked before logging out with changes still in the outbox: leaving discards them. */
@Component({
  selector: 'cb-discard-dialog',
  imports: [TrapFocus],
  template: `
    <div class="modal-backdrop">
      <section
        class="modal-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="discard-title"
        data-testid="discard-dialog"
        cbTrapFocus
        (keydown.escape)="keep.emit()"
      >
        <h2 id="discard-title">
          <span i18n="@@offline.discard.question">{count(), plural,
            =1 {{{ formatted() }} change has not been sent yet. Log out and discard them?}
            other {{{ formatted() }} changes have not been sent yet. Log out and discard them?}
          }</span>
        </h2>
        <p class="help" i18n="@@offline.discard.help">They are kept on this device until you are back online. Logging out deletes them.</p>
        <div class="actions">
          <button
            type="button"
            class="btn btn-ghost"
            data-testid="discard-cancel"
            cdkFocusInitial
            (click)="keep.emit()"
            i18n="@@offline.discard.cancel"
          >
            Cancel
          </button>
          <button type="button" class="btn discard" data-testid="discard-confirm" (click)="discard.emit()" i18n="@@offline.discard.confirm">
            Log out and discard
          </button>
        </div>
      </section>
    </div>
  `,
  styles: `
    .modal-dialog {
      max-width: 28rem;
    }
    h2 {
      margin: 0 0 0.5rem;
      font-size: 1.125rem;
    }
    .help {
      margin: 0;
      color: var(--muted);
    }
    .discard {
      color: #fff;
      background: var(--danger);
    }
    .discard:hover {
      background: #912018;
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      gap: 0.5rem;
      margin-top: 1.25rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DiscardDialog {
  readonly count = input.required<number>();
  readonly discard = output();
  readonly keep = output();

  private readonly locale = inject(LOCALE_ID);
  protected readonly formatted = computed(() => formatInteger(this.count(), this.locale));
}
