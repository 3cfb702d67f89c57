import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  type ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';

import { routes } from './app.routes';
import { AuthStore } from './auth/auth-store';
import { errorInterceptor } from './core/error-interceptor';
import { Outbox } from './offline/outbox';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideHttpClient(withInterceptors([errorInterceptor])),
    provideRouter(routes, withComponentInputBinding()),
    // The session lives in an HttpOnly cookie we cannot read, so ask the server who we are
    // before the first navigation; guards then see the restored session after a reload.
    provideAppInitializer(() => inject(AuthStore).restore()),
    // Writes the server could not take yet are kept and sent later (offline/outbox.ts).
    Outbox,
  ],
};
