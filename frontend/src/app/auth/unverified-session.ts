import { DOCUMENT, DestroyRef, effect, inject, untracked } from '@angular/core';

import { sessionEnder } from '../core/session-end';
import { RealtimeClient } from '../realtime/realtime-client';
import { AuthStore } from './auth-store';

/**
 * After an offline start the user is only the one this browser last saw: ask the server
 * again as soon as it may answer (the browser is back online, the stream is live). A
 * refused cookie ends the session the usual way; no answer waits for the next chance.
 * Call in an injection context that lasts the session (the app shell).
 */
export function verifyWhenReachable(): void {
  const auth = inject(AuthStore);
  const realtime = inject(RealtimeClient);
  const endSession = sessionEnder();
  const win = inject(DOCUMENT).defaultView;
  let asking = false;

  const check = async (): Promise<void> => {
    if (asking || auth.verified() || !auth.isAuthenticated()) {
      return;
    }
    asking = true;
    try {
      if ((await auth.verify()) === false && auth.isAuthenticated()) {
        endSession();
      }
    } finally {
      asking = false;
    }
  };

  effect(() => {
    if (realtime.state() === 'live' && !auth.verified()) {
      untracked(() => void check());
    }
  });
  const online = (): void => void check();
  win?.addEventListener('online', online);
  inject(DestroyRef).onDestroy(() => win?.removeEventListener('online', online));
}
