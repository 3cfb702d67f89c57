import type { AppNotification } from '@contracts/chat';

import { documentLocale } from './document-locale';

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

/**
 * "just now", "5 minutes ago", "vor 3 Stunden", "قبل يومين", then the date ("3 Jan", "3. Jan.").
 * Future times (a clock ahead of ours) count as now.
 */
export function timeAgo(iso: string, now = Date.now(), locale = documentLocale()): string {
  const then = Date.parse(iso);
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (!Number.isFinite(seconds) || seconds < 60) {
    return $localize`:@@notifications.time.justNow:just now`;
  }
  if (seconds < 7 * 86_400) {
    const [unit, size] =
      seconds < 3600 ? (['minute', 60] as const) : seconds < 86_400 ? (['hour', 3600] as const) : (['day', 86_400] as const);
    return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-Math.floor(seconds / size), unit);
  }
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(then);
}
