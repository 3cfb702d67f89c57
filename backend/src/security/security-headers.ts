import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/** index.html carries `ngCspNonce="…"` with this value; each page response gets a fresh nonce instead. */
export const CSP_NONCE_PLACEHOLDER = 'CORKBOARD_CSP_NONCE';

// What every response shares. No HSTS here: on plain-HTTP localhost it would pin every port of
// "localhost" to HTTPS; the TLS edge (nginx for a real domain) is where it belongs.
// Referrer-Policy must not be no-referrer: a same-origin POST would then carry `Origin: null`,
// which the CSRF check rightly refuses.
const common: HelmetOptions = {
  strictTransportSecurity: false,
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'same-origin' },
};

const locked = { frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] };

/** JSON, downloads and streams are never rendered as a document: nothing may load from them. */
const api = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], ...locked } } });

/** What both HTML pages allow: everything from our own origin, nothing framed, no plugins. */
const page = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // blob: the previews of encrypted conversations' images, decrypted in the browser.
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  ...locked,
  baseUri: ["'self'"],
};

/** Swagger UI: its scripts are files, but its page has fixed inline <style> blocks. */
const docs = helmet({
  ...common,
  contentSecurityPolicy: { useDefaults: false, directives: { ...page, styleSrc: ["'self'", "'unsafe-inline'"] } },
});

/**
 * The Angular app: scripts only from our own files (no inline script at all: critical CSS
 * inlining is off, as its loader is an inline handler). Angular adds component styles as <style>
 * elements, allowed by the per-response nonce it reads from ngCspNonce.
 */
const app = helmet({
  ...common,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      ...page,
      styleSrc: ["'self'", (_request, response) => `'nonce-${(response as Response).locals.cspNonce as string}'`],
      fontSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      // Named rather than left to default-src: the app's service worker and web manifest.
      workerSrc: ["'self'"],
      manifestSrc: ["'self'"],
    },
  },
});

export function securityHeaders(): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const path = request.path;
    if (path === '/api/docs' || path.startsWith('/api/docs/')) {
      return docs(request, response, next);
    }
    if (path === '/api' || path.startsWith('/api/')) {
      return api(request, response, next);
    }
    response.locals.cspNonce = randomBytes(16).toString('base64');
    return app(request, response, next);
  };
}

/**
 * The headers every API response gets, as `[name, value]` pairs, worked out once by running the same
 * helmet middleware: for responses written without Express's middleware chain (stream-route.ts).
 */
export function apiSecurityHeaders(): ReadonlyArray<readonly [string, string]> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
    getHeader: (name: string) => headers.get(name),
    locals: {},
  };
  let done = false;
  api({ method: 'GET', headers: {} } as Request, recorder as unknown as Response, () => (done = true));
  if (!done) {
    throw new Error('helmet did not finish synchronously: the stream route cannot reuse its headers');
  }
  return [...headers];
}
