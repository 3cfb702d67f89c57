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
