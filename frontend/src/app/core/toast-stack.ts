import { ChangeDetectionStrategy, Component, inject } from '@angular/core';

import { Toasts } from './toasts';

/** Bottom-corner stack of the app's messages; errors are announced assertively. */
@Component({
  selector: 'cb-toast-stack',
  template: `
    <div class="toast-stack" aria-live="polite">
      @for (toast of toasts.toasts(); track toast.id) {
        <div
          class="toast"
          [class.toast-error]="toast.kind === 'error'"
          [attr.role]="toast.kind === 'error' ? 'alert' : 'status'"
          [attr.data-testid]="toast.kind === 'error' ? 'error-message' : 'info-message'"
        >
          <span class="toast-text">{{ toast.message }}</span>
          <button
            type="button"
            class="toast-close"
            aria-label="Dismiss"
            i18n-aria-label="@@core.toast.dismiss"
            (click)="toasts.dismiss(toast.id)"
          >
            ×
          </button>
        </div>
      }
    </div>
  `,
  styles: `
    .toast-stack {
      position: fixed;
      inset-inline-end: 1rem;
      inset-block-end: 1rem;
      z-index: 50;
      display: flex;
      flex-direction: column;
      align-items: flex-end;
      gap: 0.5rem;
      max-width: min(26rem, calc(100vw - 2rem));
      pointer-events: none;
    }
    .toast {
      display: flex;
      align-items: flex-start;
      gap: 0.75rem;
      padding-block: 0.75rem;
      padding-inline: 1rem 0.75rem;
      font-size: 0.9375rem;
      color: var(--text);
      background: var(--surface);
      border: 1px solid var(--border);
      border-inline-start: 4px solid var(--accent);
      border-radius: var(--radius);
      box-shadow: var(--shadow-card);
      pointer-events: auto;
      animation: toast-in 0.18s ease-out;
    }
    .toast-error {
      color: var(--danger);
      background: var(--danger-soft);
      border-color: var(--danger-border);
      border-inline-start-color: var(--danger);
    }
    .toast-text {
      flex: 1;
    }
    .toast-close {
      flex: none;
      width: 1.5rem;
      height: 1.5rem;
      padding: 0;
      font-size: 1.125rem;
      line-height: 1;
      color: inherit;
      background: transparent;
      border: 0;
      border-radius: 4px;
      cursor: pointer;
      opacity: 0.7;
    }
    .toast-close:hover {
      opacity: 1;
    }
    @keyframes toast-in {
      from {
        transform: translateY(0.5rem);
        opacity: 0;
      }
    }
    @media (max-width: 480px) {
      .toast-stack {
        inset-inline: 0.75rem;
        inset-block-end: 0.75rem;
        max-width: none;
        align-items: stretch;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ToastStack {
  protected readonly toasts = inject(Toasts);
}
