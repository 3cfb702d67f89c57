import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { type ActivatedRouteSnapshot, NavigationEnd, Router, RouterLink, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';

import { AuthStore } from '../auth/auth-store';
import { verifyWhenReachable } from '../auth/unverified-session';
import { CallOverlay } from '../calls/call-overlay';
import { CallStore } from '../calls/call-store';
import { ConversationsLink } from '../chat/conversations-link';
import { ConversationsStore } from '../chat/conversations-store';
import { errorMessages } from '../core/api-error';
import { ToastStack } from '../core/toast-stack';
import { Toasts } from '../core/toasts';
import { JobsButton } from '../jobs/jobs-button';
import { StatusMenu } from '../presence/status-menu';
import { NotificationBell } from '../notifications/notification-bell';
import { NotificationsStore } from '../notifications/notifications-store';
import { userChannel } from '@contracts/channels';
import { ConnectionIndicator } from '../realtime/connection-indicator';
import { RealtimeClient } from '../realtime/realtime-client';
import { OfflineBanner } from './offline-banner';

/** Frame around every logged-in page: app bar with the connection, the user and Log out. */
@Component({
  selector: 'cb-app-shell',
  imports: [
    RouterLink,
    RouterOutlet,
    ConnectionIndicator,
    ToastStack,
    JobsButton,
    StatusMenu,
    ConversationsLink,
    NotificationBell,
    CallOverlay,
    OfflineBanner,
  ],
  // Session-long: the header's badges and the pages inside share them.
  providers: [ConversationsStore, NotificationsStore, CallStore],
  templateUrl: './app-shell.html',
  styleUrl: './app-shell.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppShell {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly toasts = inject(Toasts);

  protected readonly displayName = this.auth.displayName;
  protected readonly loggingOut = signal(false);
  /** Pages like the board use the whole width under the header. */
  protected readonly fullBleed = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map(() => this.wantsFullBleed()),
    ),
    { initialValue: this.wantsFullBleed() },
  );

  constructor() {
    verifyWhenReachable();
    // The shell lives as long as the session, so it holds the tab's stream open and
    // announces invitations wherever the user is.
    const user = this.auth.user();
    if (user) {
      const toasts = this.toasts;
      const subscription = inject(RealtimeClient)
        .on(userChannel(user.id), 'notification')
        .subscribe(({ data }) => {
          if (data.kind === 'board_invite') {
            toasts.info(`${data.from.displayName || data.from.username} invited you to “${data.boardTitle}”.`);
          }
        });
      inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
    }
  }

  protected async logout(): Promise<void> {
    if (!this.mayLeave()) {
      return;
    }
    this.loggingOut.set(true);
    await this.auth.logout();
    await this.router.navigateByUrl('/login');
  }

  protected async logoutEverywhere(): Promise<void> {
    if (!this.mayLeave()) {
      return;
    }
    this.loggingOut.set(true);
    try {
      await this.auth.logoutEverywhere();
      await this.router.navigateByUrl('/login');
    } catch (error) {
      this.toasts.error(`You are still signed in everywhere: ${errorMessages(error)[0]}`);
    } finally {
      this.loggingOut.set(false);
    }
  }

  /**
   * Signing out forgets everything stored for the user on this browser, unsent changes
   * included (AuthStore.clear): the place to ask before that happens.
   */
  private mayLeave(): boolean {
    return true;
  }

  private wantsFullBleed(): boolean {
    let route: ActivatedRouteSnapshot | null = this.router.routerState.snapshot.root;
    while (route?.firstChild) {
      route = route.firstChild;
    }
    return route?.data['fullBleed'] === true;
  }
}
