import type { PresenceStatus } from '@contracts/presence';

export const STATUS_LABELS: Record<PresenceStatus | 'offline', string> = {
  online: $localize`:@@presence.status.online:Online`,
  away: $localize`:@@presence.status.away:Away`,
  busy: $localize`:@@presence.status.busy:Busy`,
  offline: $localize`:@@presence.status.offline:Not here`,
};

/** "10:42 AM" today, "Nov 21, 10:42 AM" before; "10:42" and "21. Nov., 10:42" in German. */
export function sinceLabel(iso: string, locale: string, now = new Date()): string {
  const since = new Date(iso);
  if (Number.isNaN(since.getTime())) {
    return '';
  }
  const today = since.toDateString() === now.toDateString();
  const format = new Intl.DateTimeFormat(
    locale,
    today ? { hour: 'numeric', minute: '2-digit' } : { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' },
  );
  return format.format(since);
}
