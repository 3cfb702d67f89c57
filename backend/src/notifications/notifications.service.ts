import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { userChannel } from '../../../contracts/channels';
import type { AppNotification, NotificationList } from '../../../contracts/chat';
import { EventBus } from '../events/event-bus';
import { NotificationsRepository } from './notifications.repository';

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
export type NewNotification = DistributiveOmit<AppNotification, 'id' | 'createdAt' | 'read'>;

/** Stores a notification, then pushes it on the user's own channel. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repository: NotificationsRepository,
    private readonly bus: EventBus,
  ) {}

  async notify(userId: string, actorId: string, input: NewNotification): Promise<AppNotification> {
    const notification = { ...input, id: randomUUID(), createdAt: new Date().toISOString(), read: false } as AppNotification;
    await this.repository.add(userId, notification);
    await this.bus.publish(userChannel(userId), 'notification', notification, actorId);
    return notification;
  }

  async list(userId: string): Promise<NotificationList> {
    const notifications = await this.repository.list(userId);
    return { notifications, unreadCount: notifications.filter((notification) => !notification.read).length };
  }

  async markRead(userId: string, ids?: string[]): Promise<void> {
    await this.repository.markRead(userId, ids);
    await this.bus.publish(userChannel(userId), 'notification.read', ids === undefined ? {} : { ids }, userId);
  }
}
