import type { VersionEvent } from '@angular/service-worker';

/** What the app offers the user about its own version; null is nothing. */
export type UpdateOffer = 'new-version' | 'broken-version';

export const OFFER_MESSAGES: Record<UpdateOffer, string> = {
  'new-version': $localize`:@@pwa.update.newVersion:A new version of Corkboard is ready.`,
  'broken-version': $localize`:@@pwa.update.brokenVersion:This version of Corkboard can no longer load all its files.`,
};

/**
 * The offer after a service worker event. A broken version stays offered (reloading is the only
 * way out); a later download of a new version does not hide it.
 */
export function offerAfter(current: UpdateOffer | null, event: VersionEvent | 'unrecoverable'): UpdateOffer | null {
  if (event === 'unrecoverable' || current === 'broken-version') {
    return 'broken-version';
  }
  return event.type === 'VERSION_READY' ? 'new-version' : current;
}
