import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { type ActivatedRouteSnapshot, NavigationEnd, Router, RouterLink, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';

import { AuthStore } from '../auth/auth-store';
import { InvitationsStore } from '../boards/invitations-store';
import { verifyWhenReachable } from '../auth/unverified-session';
import { CallOverlay } from '../calls/call-overlay';
import { CallStore } from '../calls/call-store';
import { ConversationsLink } from '../chat/conversations-link';
import { ConversationsStore } from '../chat/conversations-store';
import { errorMessages } from '../core/api-error';
import { ToastStack } from '../core/toast-stack';
import { Toasts } from '../core/toasts';
import { JobsButton } from '../jobs/jobs-button';
import { DiscardDialog } from '../offline/discard-dialog';
import { Outbox } from '../offline/outbox';
import { OutboxStatus } from '../offline/outbox-status';
import { StatusMenu } from '../presence/status-menu';
import { NotificationBell } from '../notifications/notification-bell';
import { NotificationsStore } from '../notifications/notifications-store';
import { userChannel } from '@contracts/channels';
import { ConnectionIndicator } from '../realtime/connection-indicator';
import { RealtimeClient } from '../realtime/realtime-client';
import { LanguageMenu } from '../i18n/language-menu';
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
    OutboxStatus,
    DiscardDialog,
    LanguageMenu,
  ],
  // Session-long: the header's badges and the pages inside share them.
  providers: [ConversationsStore, NotificationsStore, CallStore, InvitationsStore],
  templateUrl: './app-shell.html',
  styleUrl: './app-shell.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppShell {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly toasts = inject(Toasts);
  /** Also started here, so writes left from the last visit are sent as soon as the app runs. */
  private readonly outbox = inject(Outbox, { optional: true });

  protected readonly displayName = this.auth.displayName;
  protected readonly loggingOut = signal(false);
  /** Which logout waits for the user to agree to discard the changes not sent yet. */
  protected readonly confirmingLogout = signal<'here' | 'everywhere' | null>(null);
  protected readonly unsent = computed(() => this.outbox?.count() ?? 0);
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
            const name = data.from.displayName || data.from.username;
            const board = data.boardTitle;
            toasts.info(
              $localize`:@@shell.toast.invited:${name}:name: invited you to “${board}:board:”. Accept it from your notifications.`,
            );
          }
        });
      inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
    }
  }

  /** Logging out with changes not sent yet asks first: leaving discards them. */
  protected askLogout(which: 'here' | 'everywhere'): void {
    if (this.unsent() > 0) {
      this.confirmingLogout.set(which);
    } else if (which === 'here') {
      void this.logout();
    } else {
      void this.logoutEverywhere();
    }
  }

  protected async discardAndLogout(): Promise<void> {
    const which = this.confirmingLogout();
    this.confirmingLogout.set(null);
    if (which === 'here') {
      await this.logout(true);
    } else if (which === 'everywhere') {
      await this.logoutEverywhere(true);
    }
  }

  protected async logout(discard = false): Promise<void> {
    this.loggingOut.set(true);
    if (discard) {
      await this.outbox?.discardAll();
    }
    await this.auth.logout();
    await this.router.navigateByUrl('/login');
  }

  protected async logoutEverywhere(discard = false): Promise<void> {
    this.loggingOut.set(true);
    try {
      // The user agreed to lose them; afterwards no one is signed in to say whose they were.
      if (discard) {
        await this.outbox?.discardAll();
      }
      await this.auth.logoutEverywhere();
      await this.router.navigateByUrl('/login');
    } catch (error) {
      const reason = errorMessages(error)[0];
      this.toasts.error($localize`:@@shell.toast.stillSignedIn:You are still signed in everywhere: ${reason}:reason:`);
    } finally {
      this.loggingOut.set(false);
    }
  }

  private wantsFullBleed(): boolean {
    let route: ActivatedRouteSnapshot | null = this.router.routerState.snapshot.root;
    while (route?.firstChild) {
      route = route.firstChild;
    }
    return route?.data['fullBleed'] === true;
  }
}
