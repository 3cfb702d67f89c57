import { relativeTime } from '../i18n/format';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * When something happened, for the activity and trash panels: "just now" for the last minute
 * (a live board's feed would otherwise flicker through "in 0 seconds"/"now"), then the locale's
 * own relative time, and past a week the date itself.
 */
export function agoText(at: string, now: number, locale: string): string {
  const then = Date.parse(at);
  const elapsed = now - then;
  if (!Number.isFinite(elapsed) || elapsed < MINUTE_MS) {
    return $localize`:@@board.time.justNow:just now`;
  }
  if (elapsed < 7 * DAY_MS) {
    return relativeTime(then, now, locale);
  }
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(then);
}

/** How long a trashed note has left before it is gone for good: "within a day", "in 29 days". */
export function untilText(at: string, now: number, locale: string): string {
  const days = Math.max(0, Math.ceil((Date.parse(at) - now) / DAY_MS));
  if (!Number.isFinite(days) || days <= 1) {
    return $localize`:@@board.time.withinADay:within a day`;
  }
  return new Intl.RelativeTimeFormat(locale, { numeric: 'always' }).format(days, 'day');
}
