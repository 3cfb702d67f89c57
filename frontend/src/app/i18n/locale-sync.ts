import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { DOCUMENT, DestroyRef, Injectable, InjectionToken, Injector, LOCALE_ID, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { Me } from '@contracts/api';
import type { AppLocale, Preferences, PreferencesRequest } from '@contracts/i18n';

import { AuthStore } from '../auth/auth-store';
import { decideLocale } from './locale-decision';
import { pickLocale, readStoredLocale, storeLocale } from './locale';

/** localStorage flag: this browser's choice has not reached the server yet. */
export const LOCALE_UNSENT_KEY = 'corkboard.localeUnsent';
/** sessionStorage: the language this tab last restarted in to follow the server (the loop guard). */
export const LOCALE_RELOAD_KEY = 'corkboard.localeReload';

const PREFERENCES_URL = '/api/auth/me/preferences';

/**
 * Restarts the page at `url` (its current address when omitted): runtime translations are loaded
 * once, before the app starts, so a new language needs a fresh start. A token so specs can watch it.
 */
export const PAGE_RELOAD = new InjectionToken<(url?: string) => void>('PAGE_RELOAD', {
  providedIn: 'root',
  factory: () => {
    const location = inject(DOCUMENT).defaultView?.location;
    return (url) => (url === undefined ? location?.reload() : location?.assign(url));
  },
});

/** Keeps the language a user chose on the server, in this browser and in the running app in step. */
@Injectable({ providedIn: 'root' })
export class LocaleSync {
  private readonly http = inject(HttpClient);
  private readonly reload = inject(PAGE_RELOAD);
  /** LOCALE_ID is 'en-US' where nothing set it (specs): the shipped language it stands for. */
  readonly running: AppLocale = pickLocale(null, [inject(LOCALE_ID)]);

  constructor() {
    const win = inject(DOCUMENT).defaultView;
    // Looked up when needed: the auth store itself asks this service to follow the user's language.
    const injector = inject(Injector);
    // A choice made offline goes up as soon as the network is back; signed out, the next sign-in takes it.
    const online = (): void => {
      if (this.unsent() && injector.get(AuthStore).isAuthenticated()) {
        void this.send(readStoredLocale());
      }
    };
    win?.addEventListener('online', online);
    inject(DestroyRef).onDestroy(() => win?.removeEventListener('online', online));
  }

  /**
   * The user picked a language in the menu: remember it here, tell the server when signed in
   * (later, if it cannot be reached now), then restart in it at the same address.
   */
  async choose(locale: AppLocale, signedIn: boolean): Promise<void> {
    storeLocale(locale);
    this.setUnsent(true);
    if (signedIn) {
      await this.send(locale);
    }
    this.forgetReload();
    this.reload();
  }

  /**
   * After sign-in or session restore: follow the server's choice, or teach it this browser's.
   * True when the page is restarting (at `url`, else where it is): the caller should do nothing more.
   */
  async followUser(serverLocale: Me['locale'] | undefined, url?: string): Promise<boolean> {
    const decision = decideLocale({
      server: serverLocale,
      running: this.running,
      stored: readStoredLocale(),
      unsent: this.unsent(),
      reloadedFor: this.reloadedFor(),
    });
    if (decision.kind === 'send') {
      await this.send(decision.locale);
      return false;
    }
    this.setUnsent(false);
    if (decision.kind === 'store') {
      storeLocale(decision.locale);
    } else if (decision.kind === 'reload') {
      storeLocale(decision.locale);
      this.rememberReload(decision.locale);
      this.reload(url);
      return true;
    }
    if (serverLocale === this.running) {
      this.forgetReload();
    }
    return false;
  }

  /** After a sign-in, whose answer does not carry the user's language: ask for it. */
  async followSignedInUser(url: string): Promise<boolean> {
    try {
      const me = await firstValueFrom(this.http.get<Me>('/api/auth/me'));
      return await this.followUser(me.locale, url);
    } catch {
      // The language can wait for the next start; signing in must not fail over it.
      return false;
    }
  }

  private async send(locale: string | null): Promise<void> {
    const body: PreferencesRequest = { locale: pickStored(locale) };
    try {
      await firstValueFrom(this.http.patch<Preferences>(PREFERENCES_URL, body));
      this.setUnsent(false);
    } catch (error) {
      // A refusal (400) will not get better by repeating it; anything else is tried again later.
      if (error instanceof HttpErrorResponse && error.status === 400) {
        this.setUnsent(false);
      }
    }
  }

  private unsent(): boolean {
    return readFlag(localStorageOf(), LOCALE_UNSENT_KEY) === 'true';
  }

  private setUnsent(unsent: boolean): void {
    writeFlag(localStorageOf(), LOCALE_UNSENT_KEY, unsent ? 'true' : null);
  }

  private reloadedFor(): string | null {
    return readFlag(sessionStorageOf(), LOCALE_RELOAD_KEY);
  }

  private rememberReload(locale: AppLocale): void {
    writeFlag(sessionStorageOf(), LOCALE_RELOAD_KEY, locale);
  }

  private forgetReload(): void {
    writeFlag(sessionStorageOf(), LOCALE_RELOAD_KEY, null);
  }
}

function pickStored(locale: string | null): AppLocale | null {
  return locale === null ? null : pickLocale(locale, []);
}

// Storage may be missing or throw (private modes, sandboxed frames): the server's copy still decides.
function localStorageOf(): Storage | undefined {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
}

function sessionStorageOf(): Storage | undefined {
  try {
    return sessionStorage;
  } catch {
    return undefined;
  }
}

function readFlag(storage: Storage | undefined, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function writeFlag(storage: Storage | undefined, key: string, value: string | null): void {
  try {
    if (value === null) {
      storage?.removeItem(key);
    } else {
      storage?.setItem(key, value);
    }
  } catch {
    // See localStorageOf.
  }
}
