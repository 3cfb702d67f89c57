// Locale-aware formatting for text built in code. Templates use Angular's pipes (date, number),
// which read LOCALE_ID; code that builds strings injects LOCALE_ID and calls these.

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

// Lists and panels format a time per row on every render; Intl objects are costly to build.
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function relativeFormat(locale: string): Intl.RelativeTimeFormat {
  let format = relativeFormats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    relativeFormats.set(locale, format);
  }
  return format;
}

function dateFormat(locale: string, withYear: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withYear}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', ...(withYear ? { year: 'numeric' } : {}) });
    dateFormats.set(key, format);
  }
  return format;
}

export interface RelativeTimeOptions {
  /**
   * `then` is something that has already happened (a server's timestamp): when our clock runs
   * behind the server's it still reads "just now", never "in 3 minutes".
   */
  past?: boolean;
}

/**
 * When something happened or will happen, said the same way everywhere in the app:
 * - under a minute either way: "just now" (a live feed would otherwise flicker through "now",
 *   "in 0 seconds", "1 second ago");
 * - then whole minutes, hours or days, rounded down so it never claims more time than there is:
 *   "5 minutes ago", "vor 3 Stunden", "yesterday", "قبل 3 أيام", "in 3 hours", "tomorrow";
 * - a week ago or more, the date itself: "Jan 3", "3. Jan.", with the year only when it is not
 *   this year: "Nov 3, 2025";
 * - in the future always the time left, however far ("in 29 days"): a deadline reads as a
 *   countdown, not as a date to work out.
 * A time that cannot be read says "just now".
 */
export function relativeTime(then: Date | string | number, now: number, locale: string, options: RelativeTimeOptions = {}): string {
  const at = new Date(then).getTime();
  const ahead = options.past ? Math.min(0, at - now) : at - now;
  const distance = Math.abs(ahead);
  if (!Number.isFinite(distance) || distance < MINUTE_MS) {
    return $localize`:@@core.time.justNow:just now`;
  }
  if (ahead < 0 && distance >= WEEK_MS) {
    const withYear = new Date(at).getFullYear() !== new Date(now).getFullYear();
    return dateFormat(locale, withYear).format(at);
  }
  const [unit, size] =
    distance < HOUR_MS ? (['minute', MINUTE_MS] as const) : distance < DAY_MS ? (['hour', HOUR_MS] as const) : (['day', DAY_MS] as const);
  return relativeFormat(locale).format(Math.sign(ahead) * Math.floor(distance / size), unit);
}

export function formatInteger(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** A list of names joined the locale's way: "Ann, Ben and Cy", "Ann, Ben und Cy". */
export function formatList(items: readonly string[], locale: string): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}
