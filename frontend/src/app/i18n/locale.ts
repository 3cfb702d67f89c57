import { isAppLocale, isRtlLocale, SOURCE_LOCALE, SUPPORTED_LOCALES, type AppLocale } from '@contracts/i18n';

/**
 * The language last used in this browser. The server keeps each user's choice (it follows them to
 * other devices); this copy lets the app start in the right language before it knows who is signed in.
 */
export const LOCALE_STORAGE_KEY = 'corkboard.locale';

/** The stored choice if there is one, else the first browser language we ship, else English. */
export function pickLocale(stored: string | null, browserLanguages: readonly string[]): AppLocale {
  if (isAppLocale(stored)) {
    return stored;
  }
  for (const tag of browserLanguages) {
    const language = tag.toLowerCase().split('-')[0];
    const match = SUPPORTED_LOCALES.find((locale) => locale === language);
    if (match) {
      return match;
    }
  }
  return SOURCE_LOCALE;
}

export function readStoredLocale(): string | null {
  try {
    return localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeLocale(locale: AppLocale | null): void {
  try {
    if (locale === null) {
      localStorage.removeItem(LOCALE_STORAGE_KEY);
    } else {
      localStorage.setItem(LOCALE_STORAGE_KEY, locale);
    }
  } catch {
    // Private mode without storage: the server's copy still decides after sign-in.
  }
}

/** `lang` for screen readers and hyphenation, `dir` so the whole layout mirrors for Arabic. */
export function applyDocumentLocale(doc: Document, locale: AppLocale): void {
  doc.documentElement.lang = locale;
  doc.documentElement.dir = isRtlLocale(locale) ? 'rtl' : 'ltr';
}
