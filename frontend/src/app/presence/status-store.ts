import { DOCUMENT, Injectable, InjectionToken, inject, signal } from '@angular/core';

import type { PresenceStatus } from '@contracts/presence';

import { AuthStore } from '../auth/auth-store';
import { newClientId } from '../core/client-id';
import { Toasts } from '../core/toasts';
import { AwayTracker, type TabChannel } from './away-tracker';
import { PresenceApi } from './presence-api';

/** Opens the channel the user's tabs share; null where BroadcastChannel does not exist. */
export const TAB_CHANNEL_FACTORY = new InjectionToken<(name: string) => TabChannel | null>('TAB_CHANNEL_FACTORY', {
  providedIn: 'root',
  factory: () => (name: string) => (typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(name)),
});

const BUSY_KEY = (userId: string): string => `corkboard.busy.${userId}`;

/** The signed-in user's own status (online, away, busy), kept in step by every tab. */
@Injectable({ providedIn: 'root' })
export class StatusStore {
  private readonly api = inject(PresenceApi);
  private readonly auth = inject(AuthStore);
  private readonly toasts = inject(Toasts);
  private readonly document = inject(DOCUMENT);
  private readonly openChannel = inject(TAB_CHANNEL_FACTORY);
  private readonly current = signal<PresenceStatus>('online');
  private tracker: AwayTracker | undefined;
  private stopListening: (() => void) | undefined;
  /** Set while a status the user picked goes out: only that failure is worth telling them. */
  private choosing = false;

  readonly status = this.current.asReadonly();

  /** From the shell: for as long as the user is signed in. */
  start(): void {
    const user = this.auth.user();
    if (!user || this.tracker) {
      return;
    }
    const storage = this.document.defaultView?.localStorage;
    const tracker = new AwayTracker({
      tabId: newClientId(),
      channel: this.openChannel(`corkboard-presence:${user.id}`),
      isVisible: () => this.document.visibilityState !== 'hidden',
      send: (status) => this.send(status),
      changed: (status) => this.current.set(status),
      loadBusy: () => safely(() => storage?.getItem(BUSY_KEY(user.id)) === '1', false),
      saveBusy: (busy) =>
        safely(() => (busy ? storage?.setItem(BUSY_KEY(user.id), '1') : storage?.removeItem(BUSY_KEY(user.id))), undefined),
    });
    this.tracker = tracker;
    const onVisibility = (): void => tracker.visibilityChanged(this.document.visibilityState !== 'hidden');
    // A closing tab is hidden for good (and a tab restored from the back/forward cache says so again).
    const onPageHide = (): void => tracker.visibilityChanged(false);
    this.document.addEventListener('visibilitychange', onVisibility);
    this.document.defaultView?.addEventListener('pagehide', onPageHide);
    this.stopListening = () => {
      this.document.removeEventListener('visibilitychange', onVisibility);
      this.document.defaultView?.removeEventListener('pagehide', onPageHide);
    };
    tracker.start();
  }

  stop(): void {
    this.stopListening?.();
    this.stopListening = undefined;
    this.tracker?.stop();
    this.tracker = undefined;
    this.current.set('online');
  }

  choose(status: PresenceStatus): void {
    this.choosing = true;
    try {
      this.tracker?.choose(status);
    } finally {
      this.choosing = false;
    }
  }

  private send(status: PresenceStatus): void {
    const chosen = this.choosing;
    this.api.setStatus(status).subscribe({
      error: () =>
        chosen && this.toasts.error($localize`:@@presence.status.changeFailed:Your status could not be changed. Please try again.`),
    });
  }
}

function safely<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    // Storage can be off (private mode, policies); the choice then lasts this visit only.
    return fallback;
  }
}
