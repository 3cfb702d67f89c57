import { isAppLocale, type AppLocale } from '@contracts/i18n';

/** What this browser knows when the server says which language the signed-in user chose. */
export interface LocaleFacts {
  /** The user's choice on the server (Me.locale); null or absent: none yet. */
  server: AppLocale | null | undefined;
  /** The language the app runs in now. */
  running: AppLocale;
  /** This browser's explicit choice (localStorage), if any. */
  stored: string | null;
  /** A choice made here that the server has not heard of yet (offline, or signed out at the time). */
  unsent: boolean;
  /** The language this tab last reloaded to follow the server: not again, if that did not take. */
  reloadedFor: string | null;
}

export type LocaleDecision =
  /** Store `locale` here and restart the app in it. */
  | { kind: 'reload'; locale: AppLocale }
  /** Store `locale` here; the app already runs in it. */
  | { kind: 'store'; locale: AppLocale }
  /** Tell the server this browser's choice. */
  | { kind: 'send'; locale: AppLocale }
  | { kind: 'none' };

/**
 * The user's language follows them from the server to each browser, except that a choice made
 * here while the server could not hear it is newer and goes up instead; and a browser with a choice
 * of its own teaches it to a server that has none.
 */
export function decideLocale(facts: LocaleFacts): LocaleDecision {
  const stored = isAppLocale(facts.stored) ? facts.stored : null;
  if (stored && (facts.unsent || !facts.server)) {
    return stored === facts.server ? { kind: 'none' } : { kind: 'send', locale: stored };
  }
  const server = facts.server;
  if (!server) {
    return { kind: 'none' };
  }
  if (server !== facts.running) {
    // Reloaded for it once already and still not running it (its chunk failed offline): no loop.
    return facts.reloadedFor === server ? { kind: 'store', locale: server } : { kind: 'reload', locale: server };
  }
  return stored === server ? { kind: 'none' } : { kind: 'store', locale: server };
}
