import type { Request } from 'express';
import { SESSION_COOKIE } from '../../../contracts/api';
import type { AuthUser } from './auth-user';

export interface PresentedToken {
  token: string;
  via: AuthUser['via'];
}

/** A bearer header wins over the cookie, so scripts are never subject to cookie rules. */
export function extractToken(request: Request): PresentedToken | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? { token: match[1], via: 'bearer' } : undefined;
  }
  const cookie = (request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}
