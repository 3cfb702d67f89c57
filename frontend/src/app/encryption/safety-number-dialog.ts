import { ChangeDetectionStrategy, Component, LOCALE_ID, effect, inject, input, output, untracked } from '@angular/core';

import type { PublicUser } from '@contracts/api';

import { formatInteger } from '../i18n/format';
import { ContactTrust } from './contact-trust';
import { TrapFocus } from '../a11y/trap-focus';

/**
 * The contacts' safety numbers, to compare in person or over another channel; the user marks
 * a contact verified. Focus moves into the dialog and goes back where it was on close.
 */
@Component({
  selector: 'cb-safety-number-dialog',
  imports: [TrapFocus],
  template: `
    <div class="modal-backdrop">
      <section
        class="modal-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="safety-title"
        aria-describedby="safety-help"
        data-testid="safety-dialog"
        cbTrapFocus
        (keydown.escape)="closed.emit()"
      >
        <h2 id="safety-title" i18n="@@encryption.safety.title">Safety numbers</h2>
        <p id="safety-help" class="help" i18n="@@encryption.safety.help">
          Messages here are end-to-end encrypted. Compare these numbers with what your contact's app shows for you, in person or on a call:
          when they match, nobody in between can read along.
        </p>
        <ul class="contacts">
          @for (contact of contacts(); track contact.id) {
            @let status = trust.status(contact.id);
            <li data-testid="safety-contact" [attr.data-user-id]="contact.id">
              <h3>
                {{ contact.displayName || contact.username }} <span class="username">&#64;{{ contact.username }}</span>
              </h3>
              @if (!status) {
                <p class="muted" i18n="@@encryption.safety.reading">Reading their keys…</p>
              } @else if (status.deviceCount === 0) {
                <p class="muted" i18n="@@encryption.safety.noKeys">
                  They have no encryption keys yet: they get the messages once they sign in on a device.
                </p>
              } @else {
                <p class="number" data-testid="safety-number" [attr.aria-label]="numberLabel(status.safetyNumber)">
                  @for (group of groups(status.safetyNumber); track $index) {
                    <span>{{ group }}</span>
                  }
                </p>
                <!-- prettier-ignore -->
                <p class="muted" i18n="@@encryption.safety.devices">{status.deviceCount, plural, =1 {{{ count(status.deviceCount) }} device} other {{{ count(status.deviceCount) }} devices}}</p>
                <label class="verified">
                  <input
                    type="checkbox"
                    data-testid="safety-verified"
                    [checked]="status.verified"
                    (change)="verify(contact.id, $any($event.target).checked)"
                  />
                  <span i18n="@@encryption.safety.verified"
                    >Verified: I compared this number with {{ contact.displayName || contact.username }}</span
                  >
                </label>
              }
            </li>
          }
        </ul>
        <div class="actions">
          <button
            type="button"
            class="btn btn-ghost"
            data-testid="safety-close"
            cdkFocusInitial
            (click)="closed.emit()"
            i18n="@@encryption.safety.close"
          >
            Close
          </button>
        </div>
      </section>
    </div>
  `,
  styles: `
    .modal-dialog {
      max-width: 30rem;
    }
    h2 {
      margin: 0 0 0.5rem;
      font-size: 1.125rem;
    }
    h3 {
      margin: 0 0 0.25rem;
      font-size: 1rem;
    }
    .help,
    .muted,
    .username {
      margin: 0;
      color: var(--muted);
      font-weight: normal;
    }
    .contacts {
      margin: 1rem 0;
      padding: 0;
      list-style: none;
      display: grid;
      gap: 1rem;
    }
    .number {
      display: grid;
      grid-template-columns: repeat(4, auto);
      justify-content: start;
      gap: 0.25rem 0.875rem;
      margin: 0.5rem 0;
      font-family: ui-monospace, monospace;
      font-size: 1.0625rem;
      letter-spacing: 0.04em;
    }
    .verified {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      margin-top: 0.5rem;
    }
    .actions {
      display: flex;
      justify-content: flex-end;
    }
    /* Both people compare the same grid, whatever their languages: groups stay in reading order left to right. */
    .number {
      direction: ltr;
    }
    :host-context([dir='rtl']) .number {
      justify-content: end;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SafetyNumberDialog {
  protected readonly trust = inject(ContactTrust);
  private readonly locale = inject(LOCALE_ID);

  readonly contacts = input.required<readonly PublicUser[]>();
  readonly closed = output();

  constructor() {
    effect(() => {
      const ids = this.contacts().map((contact) => contact.id);
      untracked(() => this.trust.watch(ids));
    });
  }

  protected numberLabel(safetyNumber: string): string {
    return $localize`:@@encryption.safety.numberLabel:Safety number ${safetyNumber}:number:`;
  }

  protected count(value: number): string {
    return formatInteger(value, this.locale);
  }

  protected groups(number: string): string[] {
    return number.split(' ');
  }

  protected verify(contactId: string, verified: boolean): void {
    void this.trust.setVerified(contactId, verified);
  }
}
