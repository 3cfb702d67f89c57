import { ChangeDetectionStrategy, Component, DestroyRef, InjectionToken, inject, signal } from '@angular/core';
import { SwUpdate } from '@angular/service-worker';
import { merge } from 'rxjs';
import { map } from 'rxjs/operators';

import { OFFER_MESSAGES, type UpdateOffer, offerAfter } from './update-offer';

/** Reloads the tab; a token so tests can see the reload without leaving the page. */
export const RELOAD_PAGE = new InjectionToken<() => void>('RELOAD_PAGE', { factory: () => () => location.reload() });

/**
 * Offers a reload when the service worker has a newer app ready, or when the running version
 * can no longer fetch its files. A reload is a navigation, which the worker answers with the
 * newest version.
 */
@Component({
  selector: 'cb-update-prompt',
  template: `
    @if (offer(); as offer) {
      <div class="update-prompt" role="status" data-testid="update-prompt" [attr.data-offer]="offer">
        <span class="update-text">{{ messages[offer] }}</span>
        <button type="button" class="btn btn-primary" data-testid="update-reload" (click)="reload()" i18n="@@pwa.update.reload">
          Reload
        </button>
        @if (offer === 'new-version') {
          <button type="button" class="btn btn-ghost" (click)="later()" i18n="@@pwa.update.later">Later</button>
        }
      </div>
    }
  `,
  styles: `
    .update-prompt {
      position: fixed;
      inset-inline-start: 1rem;
      bottom: 1rem;
      z-index: 60;
      display: flex;
      align-items: center;
      gap: 0.75rem;
      max-width: min(30rem, calc(100vw - 2rem));
      padding-block: 0.625rem;
      padding-inline: 1rem 0.75rem;
      font-size: 0.9375rem;
      color: var(--text);
      background: var(--surface);
      border: 1px solid var(--border);
      border-inline-start: 4px solid var(--accent);
      border-radius: var(--radius);
      box-shadow: var(--shadow-card);
      animation: update-in 0.18s ease-out;
    }
    .update-text {
      flex: 1;
    }
    .btn {
      flex: none;
      min-height: 2.25rem;
      padding: 0 0.875rem;
    }
    @keyframes update-in {
      from {
        transform: translateY(0.5rem);
        opacity: 0;
      }
    }
    @media (max-width: 480px) {
      .update-prompt {
        inset-inline: 0.75rem;
        bottom: 0.75rem;
        max-width: none;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UpdatePrompt {
  private readonly reloadPage = inject(RELOAD_PAGE);
  protected readonly messages = OFFER_MESSAGES;
  protected readonly offer = signal<UpdateOffer | null>(null);

  constructor() {
    const updates = inject(SwUpdate);
    if (!updates.isEnabled) {
      return;
    }
    const subscription = merge(updates.versionUpdates, updates.unrecoverable.pipe(map(() => 'unrecoverable' as const))).subscribe((event) =>
      this.offer.update((current) => offerAfter(current, event)),
    );
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  protected reload(): void {
    this.reloadPage();
  }

  protected later(): void {
    this.offer.set(null);
  }
}
