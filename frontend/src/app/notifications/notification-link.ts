import type { AppNotification } from '@contracts/chat';

export interface NotificationLink {
  commands: string[];
  queryParams: Record<string, string>;
}

/**
 * Where a notification leads: a mention to its message (board chat or conversation), an
 * invitation to its board, a missed call to the call history on the conversations page.
 */
export function notificationLink(notification: AppNotification): NotificationLink {
  if (notification.kind === 'board_invite') {
    return { commands: ['/boards', notification.boardId], queryParams: {} };
  }
  if (notification.kind === 'missed_call') {
    return { commands: ['/conversations'], queryParams: { calls: 'history' } };
  }
  const colon = notification.roomId.indexOf(':');
  const kind = notification.roomId.slice(0, colon);
  const id = notification.roomId.slice(colon + 1);
  return kind === 'board'
    ? { commands: ['/boards', id], queryParams: { chat: 'open', message: notification.messageId } }
    : { commands: ['/conversations', id], queryParams: { message: notification.messageId } };
}

/** "just now", "5 min ago", "3 h ago", "2 d ago", then the date. */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(seconds) || seconds < 60) {
    return 'just now';
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ago`;
  }
  if (seconds < 86_400) {
    return `${Math.floor(seconds / 3600)} h ago`;
  }
  if (seconds < 7 * 86_400) {
    return `${Math.floor(seconds / 86_400)} d ago`;
  }
  return new Date(iso).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}
