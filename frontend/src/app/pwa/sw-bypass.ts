import type { HttpInterceptorFn } from '@angular/common/http';

/**
 * Angular's service worker lets a request carrying this header go straight to the network.
 * API answers are never cached, and a stream or long poll relayed by the worker would cost a
 * hop per chunk and could outlive its abort.
 */
export const SW_BYPASS_HEADER = 'ngsw-bypass';

/** Only our own API: a custom header on a request to another origin would need a CORS preflight. */
export function isApiUrl(url: string): boolean {
  const { origin, pathname } = new URL(url, location.href);
  return origin === location.origin && (pathname === '/api' || pathname.startsWith('/api/'));
}

/** The same request for fetch(), marked to skip the service worker. */
export function bypassServiceWorker(init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers);
  headers.set(SW_BYPASS_HEADER, 'true');
  return { ...init, headers };
}

export const swBypassInterceptor: HttpInterceptorFn = (req, next) =>
  next(isApiUrl(req.url) ? req.clone({ setHeaders: { [SW_BYPASS_HEADER]: 'true' } }) : req);
