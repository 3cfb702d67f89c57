const DAY_MS = 86_400_000;

/** Local calendar day of an instant, as a comparable key. */
export function dayKey(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

// Formatters are costly to build and a list formats every row: one per locale and style.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `date:${locale}:${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format as Intl.DateTimeFormat;
}

function relativeDays(locale: string, days: number): string {
  const key = `relative:${locale}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    formatters.set(key, format);
  }
  const text = (format as Intl.RelativeTimeFormat).format(days, 'day');
  // "today" heads a separator: it starts with a capital where the language has them.
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

/** "Today", "Yesterday" (in the locale's words), or a short date for the separator above a day's first message. */
export function dayLabel(iso: string, locale: string, now = new Date()): string {
  const date = new Date(iso);
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  if (date.getTime() >= startOfToday) {
    return relativeDays(locale, 0);
  }
  if (date.getTime() >= startOfToday - DAY_MS) {
    return relativeDays(locale, -1);
  }
  const sameYear = date.getFullYear() === now.getFullYear();
  return dateFormat(locale, { weekday: 'short', month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) }).format(date);
}

/** A message's time of day, as the locale writes it ("2:05 PM", "14:05"). */
export function messageTime(iso: string, locale: string): string {
  return dateFormat(locale, { timeStyle: 'short' }).format(new Date(iso));
}

/** A compact time for lists: the time today, else the date. */
export function shortStamp(iso: string, locale: string, now = new Date()): string {
  if (dayKey(iso) === dayKey(now.toISOString())) {
    return messageTime(iso, locale);
  }
  return dateFormat(locale, { month: 'short', day: 'numeric' }).format(new Date(iso));
}
