export interface User {
  id: string;
  username: string;
  displayName: string;
  /** scrypt hash in the form produced by password.ts; never leaves the backend. */
  passwordHash: string;
  createdAt: string;
  /** Granted by an operator (`npm run admin -- grant`), never by anything a user sends. */
  admin?: boolean;
}
