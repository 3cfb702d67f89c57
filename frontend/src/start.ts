import { LOCALE_ID } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';

import type { AppLocale } from '@contracts/i18n';

import { App } from './app/app';
import { appConfig } from './app/app.config';

export async function startApp(locale: AppLocale): Promise<void> {
  // LOCALE_ID drives Angular's date, number and plural formatting; inject it for Intl formatters.
  await bootstrapApplication(App, { providers: [...appConfig.providers, { provide: LOCALE_ID, useValue: locale }] });
}
