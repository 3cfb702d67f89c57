import { inject } from '@angular/core';
import { Router } from '@angular/router';

import { AuthStore } from '../auth/auth-store';

/** Why the login page is shown, when it has something to tell (`?reason=`). */
export type SessionEndReason = 'signed_out';

/**
 * The server no longer accepts our session: forget the user and go to /login,
 * remembering the page so logging in again returns there. Call in an injection context.
 */
export function sessionEnder(): (reason?: SessionEndReason) => void {
  const auth = inject(AuthStore);
  const router = inject(Router);
  return (reason) => {
    // Signed out elsewhere is the user's (or an admin's) choice: nothing of theirs may stay here.
    // A refused cookie may just have expired: their unsent changes wait for them to sign in again.
    auth.clear({ keepStored: reason !== 'signed_out' });
    const returnUrl = router.url;
    void router.navigate(['/login'], { queryParams: { ...(isAuthPage(returnUrl) ? {} : { returnUrl }), ...(reason ? { reason } : {}) } });
  };
}

function isAuthPage(url: string): boolean {
  return url === '/' || url.startsWith('/login') || url.startsWith('/register');
}
