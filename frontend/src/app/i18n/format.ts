// Locale-aware formatting for text built in code. Templates use Angular's pipes (date, number),
// which read LOCALE_ID; code that builds strings injects LOCALE_ID and calls these.

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "2 minutes ago", "vor 2 Minuten", "منذ دقيقتين"; "now" under 45 seconds. */
export function relativeTime(then: Date | string | number, now: number, locale: string): string {
  const seconds = Math.round((new Date(then).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (Math.abs(seconds) < 45) {
    return format.format(0, 'second');
  }
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return format.format(seconds, 'second');
}

export function formatInteger(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** A list of names joined the locale's way: "Ann, Ben and Cy", "Ann, Ben und Cy". */
export function formatList(items: readonly string[], locale: string): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}
