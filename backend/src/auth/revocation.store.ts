/** What a token says about the session it belongs to; enough to tell whether it was revoked. */
export interface TokenRef {
  userId: string;
  tokenId: string;
  sessionId: string;
  /** When the session began (Unix ms): "log out everywhere" voids every session begun before it. */
  sessionStartedAt: number;
}

/**
 * Port: revoked tokens and sessions, shared by every pod. Entries are kept only
 * as long as the token or session could still be presented (`until`, Unix seconds):
 * after that the token's own expiry refuses it anyway.
 */
export abstract class RevocationStore {
  /** Voids one token (a refresh rotated it). False when it already was: only one refresh may win. */
  abstract revokeToken(userId: string, tokenId: string, until: number): Promise<boolean>;
  /** Voids every token of one session (logout). */
  abstract revokeSession(userId: string, sessionId: string, until: number): Promise<void>;
  /** Voids every session of the user begun at or before `startedAtOrBefore` (Unix ms); never moves back. */
  abstract revokeSessionsBefore(userId: string, startedAtOrBefore: number, until: number): Promise<void>;
  abstract isRevoked(token: TokenRef): Promise<boolean>;
}
