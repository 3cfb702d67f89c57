// Languages the app ships, shared by the server (which remembers each user's choice) and the app.

/** BCP 47 language tags the app has complete translations for; `en` is the source language. */
export const SUPPORTED_LOCALES = ['en', 'de', 'ar'] as const;
export type AppLocale = (typeof SUPPORTED_LOCALES)[number];

export const SOURCE_LOCALE = 'en' satisfies AppLocale;

/** Locales written right to left: the app sets `dir="rtl"` on the document for them. */
export const RTL_LOCALES: readonly AppLocale[] = ['ar'];

export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

export function isRtlLocale(locale: AppLocale): boolean {
  return RTL_LOCALES.includes(locale);
}

/** Each language's own name, shown in the language menu whatever the current language is. */
export const LOCALE_NAMES: Record<AppLocale, string> = {
  en: 'English',
  de: 'Deutsch',
  ar: 'العربية',
};

/** `PATCH /api/auth/me/preferences`: what a user changes about how the app speaks to them. */
export interface PreferencesRequest {
  /** null forgets the choice, so the browser's language decides again. */
  locale: AppLocale | null;
}

export interface Preferences {
  locale: AppLocale | null;
}
