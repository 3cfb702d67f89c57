import { inject } from '@angular/core';
import { Router } from '@angular/router';

import { AuthStore } from '../auth/auth-store';

/**
 * The server no longer accepts our session: forget the user and go to /login,
 * remembering the page so logging in again returns there. Call in an injection context.
 */
export function sessionEnder(): () => void {
  const auth = inject(AuthStore);
  const router = inject(Router);
  return () => {
    auth.clear();
    const returnUrl = router.url;
    void router.navigate(['/login'], { queryParams: isAuthPage(returnUrl) ? {} : { returnUrl } });
  };
}

function isAuthPage(url: string): boolean {
  return url === '/' || url.startsWith('/login') || url.startsWith('/register');
}
