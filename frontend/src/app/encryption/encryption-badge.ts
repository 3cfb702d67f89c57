import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** A lock on end-to-end encrypted conversations; older ones say they are not encrypted. */
@Component({
  selector: 'cb-encryption-badge',
  template: `
    @if (encrypted()) {
      <span
        class="lock"
        data-testid="encrypted-badge"
        role="img"
        aria-label="End-to-end encrypted"
        i18n-aria-label="@@encryption.badge.encrypted"
        title="End-to-end encrypted"
        i18n-title="@@encryption.badge.encrypted"
      >
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <rect x="3" y="7" width="10" height="7" rx="1.5" fill="currentColor" />
          <path d="M5.25 7V5a2.75 2.75 0 0 1 5.5 0v2" fill="none" stroke="currentColor" stroke-width="1.5" />
        </svg>
      </span>
    } @else {
      <span
        class="plain"
        data-testid="not-encrypted-badge"
        title="Messages here are readable by the server"
        i18n-title="@@encryption.badge.plainHint"
        i18n="@@encryption.badge.plain"
        >Not encrypted</span
      >
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      flex: none;
    }
    .lock {
      display: inline-grid;
      place-items: center;
      color: var(--accent-strong);
    }
    svg {
      width: 0.875rem;
      height: 0.875rem;
    }
    .plain {
      padding: 0 0.375rem;
      font-size: 0.6875rem;
      line-height: 1.25rem;
      color: var(--muted);
      border: 1px solid var(--border);
      border-radius: 999px;
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EncryptionBadge {
  readonly encrypted = input.required<boolean>();
}
