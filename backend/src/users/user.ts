import type { PublicUser } from '../../../contracts/api';
import type { AppLocale } from '../../../contracts/i18n';

export interface User {
  id: string;
  username: string;
  displayName: string;
  /** scrypt hash in the form produced by password.ts; never leaves the backend. */
  passwordHash: string;
  createdAt: string;
  /** Granted by an operator (`npm run admin -- grant`), never by anything a user sends. */
  admin?: boolean;
  /** The app's language this user chose; absent: their browser's language decides. */
  locale?: AppLocale;
}

/** What other users may see of a user: never the password hash, the admin flag or anything from a token. */
export function toPublicUser(user: PublicUser): PublicUser {
  return { id: user.id, username: user.username, displayName: user.displayName };
}
