// Request and response shapes shared by the backend and the Angular app.
// Type-only: both sides import these with `import type`, so nothing here runs.

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
}

export interface Me extends PublicUser {
  roles: Role[];
  /** ISO-8601 UTC instant at which the presented token expires, so a reloaded app can schedule its refresh. */
  expiresAt: string;
}

export type Role = 'user' | 'admin';

export interface AuthResponse {
  user: PublicUser;
  accessToken: string;
  /** ISO-8601 UTC instant at which accessToken stops being accepted. */
  expiresAt: string;
}

export interface RegisterRequest {
  username: string;
  password: string;
  displayName?: string;
}

export interface LoginRequest {
  username: string;
  password: string;
}

/** The one JSON shape of every error response. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  /** A sentence, or one sentence per invalid field for 400 validation errors. */
  message: string | string[];
}

/** Name of the HttpOnly cookie that carries the access token for browsers and EventSource. */
export const SESSION_COOKIE = 'cb_session';
