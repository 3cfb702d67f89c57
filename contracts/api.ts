// Request and response shapes shared by the backend and the Angular app.
// Type-only: both sides import these with `import type`, so nothing here runs.

import type { AppLocale } from './i18n';
import type { ErrorCode } from './errors';

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
}

export interface Me extends PublicUser {
  roles: Role[];
  /** The language this user chose in the app (kept on the server so it follows them to every device); null: the browser's. */
  locale: AppLocale | null;
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
  /**
   * A sentence, or one sentence per invalid field for 400 validation errors. English, for
   * developers and logs: the app shows the text it has for `code` in the user's language instead.
   */
  message: string | string[];
  /** Stable machine-readable reason (contracts/errors.ts); the app maps it to translated text. */
  code: ErrorCode;
  /** 400 validation errors: which fields failed and which rule each broke. */
  fields?: FieldError[];
}

export interface FieldError {
  /** The body property, dotted for nested ones (`items.0.text`). */
  field: string;
  /** The rule it broke, e.g. `maxLength`, `matches`, `isIn` (class-validator's constraint name). */
  rule: string;
  message: string;
}

/** Name of the HttpOnly cookie that carries the access token for browsers and EventSource. */
export const SESSION_COOKIE = 'cb_session';
