import type { Role } from '../../../contracts/api';

/** Who is calling, established by the auth guard from a verified token. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** Unix seconds at which the caller's token expires: long streams end there. */
  tokenExpiresAt: number;
  /** How the token arrived; cookie-authenticated writes need a CSRF check. */
  via: 'bearer' | 'cookie';
  /**
   * The token's id (jti), its session (sid) and when that session began (Unix ms): what
   * logout, "log out everywhere" and refresh revoke. Set for every authenticated request; domain code takes an
   * Actor instead, so nothing builds an AuthUser without a token.
   */
  tokenId?: string;
  sessionId?: string;
  sessionStartedAt?: number;
}
