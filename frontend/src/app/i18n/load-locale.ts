import { registerLocaleData } from '@angular/common';
import { loadTranslations } from '@angular/localize';

import { SOURCE_LOCALE, type AppLocale } from '@contracts/i18n';

import type { LocaleBundle } from '../../i18n/bundle';

/**
 * Loads one language's messages and CLDR data before the app's code is evaluated. Each language is
 * its own lazy chunk, so a German user downloads neither Arabic nor anything twice, and the service
 * worker caches it with the rest of the app for offline starts.
 */
export async function loadLocale(locale: AppLocale): Promise<void> {
  if (locale === SOURCE_LOCALE) {
    return;
  }
  const bundle = await importBundle(locale);
  registerLocaleData(bundle.localeData, locale);
  loadTranslations(bundle.translations);
}

function importBundle(locale: Exclude<AppLocale, 'en'>): Promise<LocaleBundle> {
  switch (locale) {
    case 'de':
      return import('../../i18n/de').then((module) => module.bundle);
    case 'ar':
      return import('../../i18n/ar').then((module) => module.bundle);
  }
}
