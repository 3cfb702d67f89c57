/**
 * The app's locale for pure helpers called without an injector at hand (board settings, trash,
 * call history call `timeAgo(iso)` and `expiresIn(iso)`). main.ts puts the chosen locale on
 * `<html lang>` before the app boots, so it equals LOCALE_ID; components that inject LOCALE_ID
 * pass it instead.
 */
export function documentLocale(): string {
  const lang = typeof document === 'undefined' ? '' : document.documentElement.lang;
  return lang || 'en';
}
