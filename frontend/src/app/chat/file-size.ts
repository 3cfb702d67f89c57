const UNITS = ['kilobyte', 'megabyte', 'gigabyte'] as const;

/** 1234567 → "1.2 MB", "1,2 MB": sizes as people of the locale read them. */
export function fileSize(bytes: number, locale: string): string {
  if (bytes < 1024) {
    return format(bytes, 'byte', 0, locale);
  }
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // One decimal while it still says something: "1.5 MB", but "12 MB".
  return format(value, UNITS[unit], value < 10 ? 1 : 0, locale);
}

function format(value: number, unit: string, decimals: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value);
}
