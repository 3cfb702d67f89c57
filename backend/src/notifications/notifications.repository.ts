import type { AppNotification } from '../../../contracts/chat';

export const NOTIFICATIONS_KEPT = 100;

/** Port: the most recent notifications per user (older ones fall off), with read flags. */
export abstract class NotificationsRepository {
  abstract add(userId: string, notification: AppNotification): Promise<void>;
  /** Newest first. */
  abstract list(userId: string): Promise<AppNotification[]>;
  /** Marks the given ids read, or all when `ids` is undefined. */
  abstract markRead(userId: string, ids?: readonly string[]): Promise<void>;
}
