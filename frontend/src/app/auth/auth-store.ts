import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { AuthResponse, LoginRequest, Me, PublicUser, RegisterRequest } from '@contracts/api';

import { LocaleSync } from '../i18n/locale-sync';
import { OfflineDb } from '../offline/offline-db';
import { isUnreachable } from '../offline/unreachable';

/** OfflineDb meta key of the last user the server confirmed: who an offline start signs in as. */
export const LAST_USER_KEY = 'lastUser';

/**
 * localStorage flag set when a logout could not reach the server: the cookie is still good
 * there, so the logout is finished before this browser does anything else signed in. Read
 * synchronously, so a start without one costs nothing.
 */
export const PENDING_LOGOUT_KEY = 'corkboard.pendingLogout';

/** The last user the server confirmed, and until when their session cookie holds. */
export interface StoredUser {
  user: PublicUser;
  expiresAt: string;
}

// setTimeout fires immediately for delays above 2^31-1 ms.
const MAX_TIMER_DELAY = 2_147_483_647;

/**
 * Who is logged in. The token itself stays in the HttpOnly session cookie;
 * this store only mirrors the user the server says the cookie belongs to.
 */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly http = inject(HttpClient);
  private readonly db = inject(OfflineDb);
  private readonly locales = inject(LocaleSync);
  private readonly currentUser = signal<PublicUser | null>(null);
  private readonly confirmed = signal(true);
  private readonly leaving = signal(false);
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<void> | undefined;
  /** Stored-user writes, one after another: a sign-out's delete must not be overtaken by the sign-in's put. */
  private storing: Promise<void> = Promise.resolve();

  readonly user = this.currentUser.asReadonly();
  readonly isAuthenticated = computed(() => this.currentUser() !== null);
  /** This tab asked the server to end the session: the stream's revocation notice is expected, not news. */
  readonly signingOut = this.leaving.asReadonly();
  /**
   * False after an offline start: the user is the one the server last confirmed on this
   * browser, taken on trust until it can be asked. Only the UI's idea; the cookie decides.
   */
  readonly verified = this.confirmed.asReadonly();
  readonly displayName = computed(() => {
    const user = this.currentUser();
    return user ? user.displayName || user.username : '';
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.cancelRefresh());
  }

  /**
   * Never rejects: an unknown or expired cookie simply means "logged out". When the server
   * cannot be reached, the last confirmed user of this browser starts unverified, if their
   * session has not expired meanwhile.
   */
  async restore(): Promise<void> {
    if (this.logoutPending() && !(await this.finishPendingLogout())) {
      // Signed out offline and still offline: the user asked to leave, so stay signed out.
      this.currentUser.set(null);
      return;
    }
    try {
      const me = await firstValueFrom(this.http.get<Me>('/api/auth/me'));
      this.accept({ user: me, expiresAt: me.expiresAt });
      // The user's language follows them: this browser may have to restart in it.
      await this.locales.followUser(me.locale);
    } catch (error) {
      const stored = await this.db.metaGet<StoredUser>(LAST_USER_KEY);
      if (isUnreachable(error) && stored && Date.parse(stored.expiresAt) > Date.now()) {
        this.confirmed.set(false);
        this.currentUser.set(stored.user);
        return;
      }
      this.currentUser.set(null);
      if (error instanceof HttpErrorResponse && error.status === 401) {
        await this.inOrder(() => this.db.metaDelete(LAST_USER_KEY));
      }
    }
  }

  login(credentials: LoginRequest): Promise<PublicUser> {
    return this.authenticate('/api/auth/login', credentials);
  }

  register(account: RegisterRequest): Promise<PublicUser> {
    return this.authenticate('/api/auth/register', account);
  }

  /** Never rejects: the user asked to leave, so the local session ends even if the server is unreachable. */
  async logout(): Promise<void> {
    this.leaving.set(true);
    try {
      await firstValueFrom(this.http.post<void>('/api/auth/logout', null));
    } catch (error) {
      // The session is still alive on the server: end it there as soon as it can be reached.
      if (isUnreachable(error)) {
        this.setLogoutPending(true);
      }
    } finally {
      await this.clearAndForget();
    }
  }

  /**
   * Sends a logout made offline (see logout()). True when none is left waiting; false when the
   * server still cannot be reached, and then this browser stays signed out.
   */
  async finishPendingLogout(): Promise<boolean> {
    if (!this.logoutPending()) {
      return true;
    }
    try {
      await firstValueFrom(this.http.post<void>('/api/auth/logout', null));
    } catch (error) {
      if (isUnreachable(error)) {
        return false;
      }
      // 401: that session had ended anyway.
    }
    this.setLogoutPending(false);
    return true;
  }

  private logoutPending(): boolean {
    try {
      return localStorage.getItem(PENDING_LOGOUT_KEY) === 'true';
    } catch {
      return false;
    }
  }

  private setLogoutPending(pending: boolean): void {
    try {
      if (pending) {
        localStorage.setItem(PENDING_LOGOUT_KEY, 'true');
      } else {
        localStorage.removeItem(PENDING_LOGOUT_KEY);
      }
    } catch {
      // No storage: the session then ends on the server only when its cookie expires.
    }
  }

  /**
   * Ends every session of the user, on every device. Rejects when the server did not confirm
   * (except 401: this session was over already), since the other sessions may still be alive
   * and the user must not believe otherwise.
   */
  async logoutEverywhere(): Promise<void> {
    this.leaving.set(true);
    try {
      await firstValueFrom(this.http.post<void>('/api/auth/logout-all', null));
    } catch (error) {
      if (!(error instanceof HttpErrorResponse && error.status === 401)) {
        this.leaving.set(false);
        throw error;
      }
    }
    await this.clearAndForget();
  }

  /**
   * Whether the browser's session cookie still belongs to this user: another tab's refresh
   * may have replaced the token this tab's stream was opened with. False when the server
   * refuses it (or it is someone else's now), undefined when the server could not be asked.
   */
  async verify(): Promise<boolean | undefined> {
    // A refresh in flight is about to replace the cookie; asking before it lands would fail.
    await this.refreshing;
    return this.cookieIsOurs();
  }

  /** `verify` without waiting for a refresh: what a refused refresh itself asks. */
  async cookieIsOurs(): Promise<boolean | undefined> {
    try {
      const me = await firstValueFrom(this.http.get<Me>('/api/auth/me'));
      if (me.id !== this.currentUser()?.id) {
        return false;
      }
      this.accept({ user: me, expiresAt: me.expiresAt });
      return true;
    } catch (error) {
      return error instanceof HttpErrorResponse && error.status === 401 ? false : undefined;
    }
  }

  /** Callers at the same moment (the timer here, the stream's expiry warning) share one request. */
  refresh(): Promise<void> {
    this.refreshing ??= this.renew().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async renew(): Promise<void> {
    try {
      this.accept(await firstValueFrom(this.http.post<AuthResponse>('/api/auth/refresh', null)));
    } catch {
      // A 401 is handled by the error interceptor; other failures leave the session to expire.
    }
  }

  /**
   * Signs out locally and forgets everything stored for the user on this browser (cached
   * boards and chat, unsent writes), so the next person here sees nothing of it. A session that
   * merely ran out (`keepStored`) keeps them for the same user's next sign-in, so edits made
   * offline survive an expired cookie; another user signing in deletes them (remember()).
   */
  clear(options: { keepStored?: boolean } = {}): void {
    void this.clearAndForget(options.keepStored === true);
  }

  private async clearAndForget(keepStored = false): Promise<void> {
    const userId = keepStored ? undefined : this.currentUser()?.id;
    this.cancelRefresh();
    this.currentUser.set(null);
    this.confirmed.set(true);
    this.leaving.set(false);
    await this.inOrder(async () => {
      await this.db.metaDelete(LAST_USER_KEY);
      if (userId) {
        await this.db.forgetUser(userId);
      }
    });
  }

  private async authenticate(url: string, body: LoginRequest | RegisterRequest): Promise<PublicUser> {
    // Signing in replaces the cookie: an offline logout not yet sent could never be sent after it.
    if (this.logoutPending()) {
      await this.finishPendingLogout();
    }
    const response = await firstValueFrom(this.http.post<AuthResponse>(url, body));
    this.accept(response);
    return response.user;
  }

  private accept(response: Pick<AuthResponse, 'user' | 'expiresAt'>): void {
    this.currentUser.set(response.user);
    this.confirmed.set(true);
    this.scheduleRefresh(response.expiresAt);
    void this.inOrder(() => this.remember({ user: response.user, expiresAt: response.expiresAt }));
  }

  /** Keeps the confirmed user for an offline start; a different user than before ends the previous one's stored data. */
  private async remember(stored: StoredUser): Promise<void> {
    const previous = await this.db.metaGet<StoredUser>(LAST_USER_KEY);
    if (previous && previous.user.id !== stored.user.id) {
      await this.db.forgetUser(previous.user.id);
    }
    await this.db.metaPut(LAST_USER_KEY, stored);
  }

  // Renew before the cookie's token expires so a board left open does not end in a surprise logout.
  private scheduleRefresh(expiresAt: string): void {
    this.cancelRefresh();
    const lifetime = Date.parse(expiresAt) - Date.now();
    if (!Number.isFinite(lifetime) || lifetime <= 0) {
      return;
    }
    const delay = Math.min(Math.max(lifetime * 0.8, 1_000), MAX_TIMER_DELAY);
    this.refreshTimer = setTimeout(() => void this.refresh(), delay);
  }

  private inOrder(task: () => Promise<void>): Promise<void> {
    this.storing = this.storing.then(task).catch(() => undefined);
    return this.storing;
  }

  private cancelRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
  }
}
