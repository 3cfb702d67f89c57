import { ChangeDetectionStrategy, Component, DOCUMENT, DestroyRef, computed, inject, signal } from '@angular/core';

import { LastKnown } from '../offline/last-known';
import { RealtimeClient } from '../realtime/realtime-client';

/**
 * Under the app bar while the app cannot reach the server (the browser is offline, the
 * stream has given up) or shows stored data it could not refresh: what is on screen may be
 * old, and what the user changes is sent later.
 */
@Component({
  selector: 'cb-offline-banner',
  template: `
    @if (shown()) {
      <div class="offline-banner" role="status" data-testid="offline-banner">
        <svg class="icon" viewBox="0 0 20 20" aria-hidden="true">
          <path
            d="M2.5 7.5a11 11 0 0 1 15 0M5 10.5a7.5 7.5 0 0 1 10 0M7.5 13.5a3.5 3.5 0 0 1 5 0M3 3l14 14"
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
          />
        </svg>
        <span i18n="@@shell.offline.banner">Offline — changes will sync</span>
      </div>
    }
  `,
  styles: `
    :host {
      display: block;
    }

    .offline-banner {
      display: flex;
      align-items: center;
      justify-content: center;
      gap: 0.5rem;
      height: var(--offline-banner-height, 2.25rem);
      padding: 0 1rem;
      font-size: 0.875rem;
      font-weight: 500;
      color: var(--warning);
      background: var(--warning-soft);
      border-bottom: 1px solid var(--warning-border);
    }

    .icon {
      flex: none;
      width: 1rem;
      height: 1rem;
    }
  `,
  // The shell leaves room for it (--offline-banner-height) while it shows.
  host: { '[class.shown]': 'shown()' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OfflineBanner {
  private readonly realtime = inject(RealtimeClient);
  private readonly lastKnown = inject(LastKnown);
  private readonly browserOnline = signal(true);

  protected readonly shown = computed(() => !this.browserOnline() || this.realtime.state() === 'offline' || this.lastKnown.showingStale());

  constructor() {
    const win = inject(DOCUMENT).defaultView;
    if (!win) {
      return;
    }
    const update = (): void => this.browserOnline.set(win.navigator.onLine);
    update();
    win.addEventListener('online', update);
    win.addEventListener('offline', update);
    inject(DestroyRef).onDestroy(() => {
      win.removeEventListener('online', update);
      win.removeEventListener('offline', update);
    });
  }
}
