import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { catchError, throwError } from 'rxjs';

import { sessionEnder } from './session-end';

// A 401 here means "wrong credentials" or "not logged in yet", not "your session ended",
// so the calling page handles it instead of being bounced to /login.
const SESSION_PROBES = ['/api/auth/login', '/api/auth/me'];

export const errorInterceptor: HttpInterceptorFn = (req, next) => {
  const endSession = sessionEnder();
  return next(req).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401 && endsSession(req.url)) {
        endSession();
      }
      return throwError(() => error);
    }),
  );
};

function endsSession(url: string): boolean {
  const path = url.split(/[?#]/)[0];
  return path.includes('/api/') && !SESSION_PROBES.some((probe) => path.endsWith(probe));
}
