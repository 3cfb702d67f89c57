import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';

import { AuthStore } from './auth-store';

/** Private pages: send visitors to /login, remembering where they wanted to go. */
export const authGuard: CanActivateFn = (_route, state) => {
  if (inject(AuthStore).isAuthenticated()) {
    return true;
  }
  return inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** Login and register make no sense for someone already logged in. */
export const guestGuard: CanActivateFn = () => (inject(AuthStore).isAuthenticated() ? inject(Router).createUrlTree(['/boards']) : true);
