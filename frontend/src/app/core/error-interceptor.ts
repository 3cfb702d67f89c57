import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';

import { AuthStore } from '../auth/auth-store';
import { sessionEnder } from './session-end';

// A 401 here means "wrong credentials" or "not logged in yet", not "your session ended",
// so the calling page handles it instead of being bounced to /login.
const SESSION_PROBES = ['/api/auth/login', '/api/auth/me'];
// Refresh rotates the token: a tab that refreshed a moment after another one presented the
// token that other tab had just replaced, and the cookie already holds the new one.
const REFRESH = '/api/auth/refresh';

export const errorInterceptor: HttpInterceptorFn = (req, next) => {
  const endSession = sessionEnder();
  const auth = inject(AuthStore);
  return next(req).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401 && endsSession(req.url)) {
        if (pathOf(req.url).endsWith(REFRESH)) {
          void auth.cookieIsOurs().then((ours) => ours === false && endSession());
        } else {
          endSession();
        }
      }
      return throwError(() => error);
    }),
  );
};

function pathOf(url: string): string {
  return url.split(/[?#]/)[0];
}

function endsSession(url: string): boolean {
  const path = pathOf(url);
  return path.includes('/api/') && !SESSION_PROBES.some((probe) => path.endsWith(probe));
}
