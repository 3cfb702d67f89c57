import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  type ApplicationConfig,
  inject,
  isDevMode,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideServiceWorker } from '@angular/service-worker';

import { routes } from './app.routes';
import { AuthStore } from './auth/auth-store';
import { errorInterceptor } from './core/error-interceptor';
import { EncryptionSession } from './encryption/encryption-session';
import { swBypassInterceptor } from './pwa/sw-bypass';
import { Outbox } from './offline/outbox';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideHttpClient(withInterceptors([swBypassInterceptor, errorInterceptor])),
    provideRouter(routes, withComponentInputBinding()),
    // The session lives in an HttpOnly cookie we cannot read, so ask the server who we are
    // before the first navigation; guards then see the restored session after a reload.
    provideAppInitializer(() => inject(AuthStore).restore()),
    // Makes or loads this browser's encryption device whenever a user is signed in, and answers key requests.
    provideAppInitializer(() => void inject(EncryptionSession)),
    // Production builds only (ng serve has no ngsw.json). Registered at once: the app is never
    // "stable" while its event stream is open, and a worker that arrives seconds later takes over
    // the tabs opened meanwhile mid-load. The shell it prefetches is small and mostly revalidated.
    provideServiceWorker('ngsw-worker.js', { enabled: !isDevMode(), registrationStrategy: 'registerImmediately' }),
    // Writes the server could not take yet are kept and sent later (offline/outbox.ts).
    Outbox,
  ],
};
