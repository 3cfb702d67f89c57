import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';

import { AuthStore } from '../auth/auth-store';

// A 401 here means "wrong credentials" or "not logged in yet", not "your session ended",
// so the calling page handles it instead of being bounced to /login.
const SESSION_PROBES = ['/api/auth/login', '/api/auth/me'];

export const errorInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthStore);
  const router = inject(Router);
  return next(req).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401 && endsSession(req.url)) {
        auth.clear();
        const returnUrl = router.url;
        void router.navigate(['/login'], {
          queryParams: isAuthPage(returnUrl) ? {} : { returnUrl },
        });
      }
      return throwError(() => error);
    }),
  );
};

function endsSession(url: string): boolean {
  const path = url.split(/[?#]/)[0];
  return path.includes('/api/') && !SESSION_PROBES.some((probe) => path.endsWith(probe));
}

function isAuthPage(url: string): boolean {
  return url === '/' || url.startsWith('/login') || url.startsWith('/register');
}
