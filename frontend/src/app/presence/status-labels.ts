import type { PresenceStatus } from '@contracts/presence';

export const STATUS_LABELS: Record<PresenceStatus | 'offline', string> = {
  online: 'Online',
  away: 'Away',
  busy: 'Busy',
  offline: 'Not here',
};

const TIME = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const DAY_TIME = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** "10:42" today, "Nov 21, 10:42" before. */
export function sinceLabel(iso: string, now = new Date()): string {
  const since = new Date(iso);
  if (Number.isNaN(since.getTime())) {
    return '';
  }
  return since.toDateString() === now.toDateString() ? TIME.format(since) : DAY_TIME.format(since);
}
