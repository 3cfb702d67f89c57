import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, untracked } from '@angular/core';

import type { PublicUser } from '@contracts/api';

import { ContactTrust } from './contact-trust';

/** Says plainly when a contact's keys changed since this user last saw them, until they look or dismiss it. */
@Component({
  selector: 'cb-key-change-banner',
  template: `
    @for (change of changes(); track change.contact.id) {
      <div class="banner" role="alert" data-testid="key-change-banner" [class.severe]="change.verifiedMismatch">
        <p>
          @if (change.verifiedMismatch) {
            <strong i18n="@@encryption.keyChange.mismatch"
              >{{ change.name }}'s safety number no longer matches the one you verified.</strong
            >
          } @else {
            <strong i18n="@@encryption.keyChange.changed">{{ change.name }}'s encryption keys changed.</strong>
          }
          <span i18n="@@encryption.keyChange.explain"
            >A device was added or removed. If you did not expect it, compare safety numbers before sharing anything sensitive.</span
          >
        </p>
        <div class="actions">
          <button
            type="button"
            class="btn btn-ghost btn-small"
            data-testid="key-change-review"
            (click)="review.emit()"
            i18n="@@encryption.keyChange.review"
          >
            Show safety numbers
          </button>
          <button
            type="button"
            class="btn btn-ghost btn-small"
            data-testid="key-change-dismiss"
            (click)="dismiss(change.contact.id)"
            i18n="@@encryption.keyChange.dismiss"
          >
            Dismiss
          </button>
        </div>
      </div>
    }
  `,
  styles: `
    .banner {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      padding: 0.625rem 1rem;
      font-size: 0.875rem;
      color: var(--warning);
      background: var(--warning-soft);
      border-bottom: 1px solid var(--warning-border);
    }
    .banner.severe {
      color: var(--danger);
      background: var(--danger-soft);
      border-color: var(--danger-border);
    }
    p {
      flex: 1 1 16rem;
      margin: 0;
    }
    .actions {
      display: flex;
      gap: 0.5rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KeyChangeBanner {
  private readonly trust = inject(ContactTrust);

  readonly contacts = input.required<readonly PublicUser[]>();
  readonly review = output();

  protected readonly changes = computed(() =>
    this.contacts().flatMap((contact) => {
      const status = this.trust.status(contact.id);
      return status && (status.changed || status.verifiedMismatch)
        ? [{ contact, name: contact.displayName || contact.username, verifiedMismatch: status.verifiedMismatch }]
        : [];
    }),
  );

  constructor() {
    effect(() => {
      const ids = this.contacts().map((contact) => contact.id);
      untracked(() => this.trust.watch(ids));
    });
  }

  protected dismiss(contactId: string): void {
    void this.trust.acknowledge(contactId);
  }
}
