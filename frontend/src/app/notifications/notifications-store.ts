import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { AppNotification } from '@contracts/chat';
import type { AnyEventEnvelope, EventMap } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { errorMessages } from '../core/api-error';
import { userChannel } from '@contracts/channels';
import { RealtimeClient } from '../realtime/realtime-client';
import { NotificationsApi } from './notifications-api';

/** The server keeps the latest 100; so do we. */
export const MAX_NOTIFICATIONS = 100;

interface ReadMeanwhile {
  ids: Set<string>;
  /** Everything created up to this instant was marked read. */
  allBefore: string | null;
}

export type NotificationsStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * The user's notifications (mentions, invitations), kept current by their user channel.
 * The unread count is counted from the list, as the server counts it. Provided by the app
 * shell, so it lives for the session.
 */
@Injectable()
export class NotificationsStore {
  private readonly api = inject(NotificationsApi);
  private readonly list = signal<readonly AppNotification[]>([]);
  private readonly currentStatus = signal<NotificationsStatus>('idle');
  private readonly currentError = signal<string | null>(null);
  /** Read while the list was loading: the answer may predate it. */
  private readMeanwhile: ReadMeanwhile | null = null;

  readonly status = this.currentStatus.asReadonly();
  readonly loadError = this.currentError.asReadonly();
  /** Newest first. */
  readonly notifications = this.list.asReadonly();
  readonly unreadCount = computed(() => this.list().filter((notification) => !notification.read).length);

  constructor() {
    const user = inject(AuthStore).user();
    if (user) {
      const subscription = inject(RealtimeClient)
        .on(userChannel(user.id), 'notification', 'notification.read', 'reset')
        .subscribe((event) => this.onEvent(event));
      inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
    }
  }

  async load(): Promise<void> {
    this.currentStatus.set(this.list().length === 0 ? 'loading' : this.currentStatus());
    this.currentError.set(null);
    const meanwhile: ReadMeanwhile = { ids: new Set<string>(), allBefore: null };
    this.readMeanwhile = meanwhile;
    try {
      const { notifications } = await firstValueFrom(this.api.list());
      // Arrived by event while loading, and not in the answer yet.
      const arrived = this.list().filter((known) => !notifications.some((loaded) => loaded.id === known.id));
      this.list.set(newestFirst([...arrived, ...notifications].map((notification) => markedMeanwhile(notification, meanwhile))));
      this.currentStatus.set('ready');
    } catch (error) {
      this.currentError.set(errorMessages(error)[0]);
      this.currentStatus.set('error');
    } finally {
      if (this.readMeanwhile === meanwhile) {
        this.readMeanwhile = null;
      }
    }
  }

  ensureLoaded(): void {
    if (this.currentStatus() === 'idle' || this.currentStatus() === 'error') {
      void this.load();
    }
  }

  /** Marks these (or all) read at once; the server's event tells the other tabs. */
  markRead(ids?: string[]): void {
    const unread = this.list().filter((notification) => !notification.read && (!ids || ids.includes(notification.id)));
    if (unread.length === 0) {
      return;
    }
    this.applyRead(ids);
    this.api.markRead(ids).subscribe({
      // Not saved: show the server's truth again.
      error: () => void this.load(),
    });
  }

  private onEvent(event: AnyEventEnvelope): void {
    switch (event.type) {
      case 'notification':
        return this.add(event.data);
      case 'notification.read':
        this.noteReadMeanwhile(event.data.ids, event.timestamp);
        return this.applyRead(event.data.ids);
      case 'reset':
        void this.load();
        return;
      default:
        return;
    }
  }

  private add(data: EventMap['notification']): void {
    if (this.list().some((known) => known.id === data.id)) {
      return;
    }
    this.list.update((list) => newestFirst([data, ...list]));
  }

  private applyRead(ids: string[] | undefined): void {
    const wanted = ids ? new Set(ids) : null;
    this.list.update((list) =>
      list.map((notification) =>
        !notification.read && (!wanted || wanted.has(notification.id)) ? { ...notification, read: true } : notification,
      ),
    );
  }

  private noteReadMeanwhile(ids: string[] | undefined, at: string): void {
    if (!this.readMeanwhile) {
      return;
    }
    if (ids) {
      ids.forEach((id) => this.readMeanwhile!.ids.add(id));
    } else {
      this.readMeanwhile.allBefore = at;
    }
  }
}

function markedMeanwhile(notification: AppNotification, meanwhile: ReadMeanwhile): AppNotification {
  const read =
    notification.read ||
    meanwhile.ids.has(notification.id) ||
    (meanwhile.allBefore !== null && notification.createdAt <= meanwhile.allBefore);
  return read === notification.read ? notification : { ...notification, read };
}

function newestFirst(list: readonly AppNotification[]): AppNotification[] {
  return [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, MAX_NOTIFICATIONS);
}
