import type { AppNotification } from '../../../contracts/chat';
import { NOTIFICATIONS_KEPT, NotificationsRepository } from './notifications.repository';

export class MemoryNotificationsRepository extends NotificationsRepository {
  private readonly byUser = new Map<string, AppNotification[]>();

  async add(userId: string, notification: AppNotification): Promise<void> {
    const list = this.byUser.get(userId) ?? [];
    list.unshift({ ...notification });
    list.length = Math.min(list.length, NOTIFICATIONS_KEPT);
    this.byUser.set(userId, list);
  }

  async list(userId: string): Promise<AppNotification[]> {
    return (this.byUser.get(userId) ?? []).map((notification) => ({ ...notification }));
  }

  async markRead(userId: string, ids?: readonly string[]): Promise<void> {
    const wanted = ids && new Set(ids);
    for (const notification of this.byUser.get(userId) ?? []) {
      if (!wanted || wanted.has(notification.id)) {
        notification.read = true;
      }
    }
  }
}
