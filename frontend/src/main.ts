import { SOURCE_LOCALE, type AppLocale } from '@contracts/i18n';

import { applyDocumentLocale, pickLocale, readStoredLocale } from './app/i18n/locale';
import { loadLocale } from './app/i18n/load-locale';

// Translations must be in place before any component's code runs ($localize reads them when a
// message is first used), so the app itself is imported only after its language is loaded.
async function main(): Promise<void> {
  let locale: AppLocale = pickLocale(readStoredLocale(), navigator.languages);
  try {
    await loadLocale(locale);
  } catch (error) {
    // Offline before the language's chunk was ever cached: English beats a blank page.
    console.error(error);
    locale = SOURCE_LOCALE;
  }
  applyDocumentLocale(document, locale);
  const { startApp } = await import('./start');
  await startApp(locale);
}

main().catch((err: unknown) => console.error(err));
