import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { SESSION_COOKIE } from '../../../contracts/api';
import { ForbiddenError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-authenticated writes must come from our own pages: a browser always
 * sends Origin on cross-site POST/PATCH/DELETE and a foreign page cannot forge
 * it. Bearer-token requests are not at risk (a foreign page cannot set the header).
 * Refusals are thrown, not passed to next(), so Nest's exception filter answers them.
 */
@Injectable()
export class CsrfMiddleware implements NestMiddleware {
  private readonly allowed: ReadonlySet<string>;

  constructor(config: AppConfig) {
    this.allowed = new Set(config.corsOrigins);
  }

  use(request: Request, _response: Response, next: NextFunction): void {
    if (SAFE_METHODS.has(request.method) || request.headers.authorization !== undefined) {
      return next();
    }
    const origin = request.headers.origin ?? originOf(request.headers.referer);
    const hasSessionCookie = Boolean((request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE]);
    if (origin === undefined) {
      if (hasSessionCookie) {
        throw new ForbiddenError('Cross-site request refused: Origin header missing', 'cross_site_refused');
      }
      return next();
    }
    if (!this.isAllowed(origin, request)) {
      throw new ForbiddenError('Cross-site request refused: foreign Origin', 'cross_site_refused');
    }
    next();
  }

  private isAllowed(origin: string, request: Request): boolean {
    if (this.allowed.has(origin)) {
      return true;
    }
    try {
      // Express 5's req.host keeps the port and honours X-Forwarded-Host behind a trusted proxy.
      return new URL(origin).host === request.host;
    } catch {
      return false;
    }
  }
}

function originOf(referer: string | undefined): string | undefined {
  if (referer === undefined) {
    return undefined;
  }
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
