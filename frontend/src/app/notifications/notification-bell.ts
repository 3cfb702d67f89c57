import { ChangeDetectionStrategy, Component, ElementRef, LOCALE_ID, computed, inject, signal } from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { Router, RouterLink } from '@angular/router';

import { parseRoom } from '@contracts/channels';
import type { AppNotification } from '@contracts/chat';

import { AuthStore } from '../auth/auth-store';
import { InvitationsStore } from '../boards/invitations-store';
import { PHONE_PATH } from '../calls/call-icons';
import { MessageText } from '../chat/message-text';
import { formatInteger, relativeTime } from '../i18n/format';
import { notificationLink } from './notification-link';
import { NotificationsStore } from './notifications-store';

type BoardInviteNotification = Extract<AppNotification, { kind: 'board_invite' }>;

/** Header bell: unread count (live) and a dropdown of mentions, invitations and missed calls. */
@Component({
  selector: 'cb-notification-bell',
  imports: [RouterLink, MessageText, NgTemplateOutlet],
  templateUrl: './notification-bell.html',
  styleUrls: ['../chat/header-icon.css', './notification-bell.css'],
  host: {
    '(document:click)': 'closeIfOutside($event)',
    '(document:keydown.escape)': 'close()',
  },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationBell {
  protected readonly store = inject(NotificationsStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  protected readonly invitations = inject(InvitationsStore);
  private readonly locale = inject(LOCALE_ID);

  protected readonly open = signal(false);
  protected readonly count = computed(() => {
    const unread = this.store.unreadCount();
    return unread > 99 ? `${formatInteger(99, this.locale)}+` : formatInteger(unread, this.locale);
  });
  protected readonly label = computed(() => {
    const unread = this.store.unreadCount();
    const count = formatInteger(unread, this.locale);
    return unread > 0
      ? $localize`:@@notifications.bell.unread:Notifications, ${count}:count: unread`
      : $localize`:@@notifications.bell:Notifications`;
  });
  /** Only the reader's own name stands out in excerpts. */
  protected readonly myName = computed(() => new Set(this.auth.user() ? [this.auth.user()!.username] : []));
  protected readonly myUsername = computed(() => this.auth.user()?.username);
  protected readonly phone = PHONE_PATH;

  constructor() {
    this.store.ensureLoaded();
    this.invitations.ensureLoaded();
  }

  protected toggle(): void {
    this.open.update((open) => !open);
  }

  protected close(): void {
    this.open.set(false);
  }

  protected closeIfOutside(event: Event): void {
    if (this.open() && !this.host.nativeElement.contains(event.target as Node)) {
      this.open.set(false);
    }
  }

  protected follow(notification: AppNotification): void {
    this.store.markRead([notification.id]);
    this.open.set(false);
  }

  /** Joins, then opens the board; the boards list learns of it from the user channel. */
  protected async accept(notification: BoardInviteNotification): Promise<void> {
    this.store.markRead([notification.id]);
    const board = await this.invitations.accept(notification.invitationId, notification.boardTitle);
    if (board) {
      this.open.set(false);
      await this.router.navigate(['/boards', board.id]);
    }
  }

  protected async decline(notification: BoardInviteNotification): Promise<void> {
    this.store.markRead([notification.id]);
    await this.invitations.decline(notification.invitationId, notification.boardTitle);
  }

  protected link(notification: AppNotification) {
    return notificationLink(notification);
  }

  protected ago(notification: AppNotification): string {
    return relativeTime(notification.createdAt, Date.now(), this.locale, { past: true });
  }

  protected from(notification: AppNotification): string {
    return notification.from.displayName || notification.from.username;
  }

  protected inBoardChat(notification: AppNotification): boolean {
    return notification.kind === 'mention' && parseRoom(notification.roomId)?.kind === 'board';
  }
}
