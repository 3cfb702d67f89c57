import { RevocationStore, type TokenRef } from './revocation.store';

/** Forget expired entries every this many writes, so the maps stay as small as the live revocations. */
const SWEEP_EVERY = 256;

/** One process: the same rules, entries forgotten once they can no longer matter. */
export class MemoryRevocationStore extends RevocationStore {
  /** Key → until (Unix seconds). */
  private readonly revoked = new Map<string, number>();
  private readonly cutoffs = new Map<string, { at: number; until: number }>();
  private writes = 0;

  async revokeToken(userId: string, tokenId: string, until: number): Promise<boolean> {
    const key = tokenKey(userId, tokenId);
    if (this.isLive(this.revoked.get(key))) {
      return false;
    }
    this.write(key, until);
    return true;
  }

  async revokeSession(userId: string, sessionId: string, until: number): Promise<void> {
    this.write(sessionKey(userId, sessionId), until);
  }

  async revokeSessionsBefore(userId: string, startedAtOrBefore: number, until: number): Promise<void> {
    const current = this.cutoffs.get(userId);
    if (current && this.isLive(current.until) && current.at >= startedAtOrBefore) {
      return;
    }
    this.cutoffs.set(userId, { at: startedAtOrBefore, until });
  }

  async isRevoked(token: TokenRef): Promise<boolean> {
    const cutoff = this.cutoffs.get(token.userId);
    if (cutoff && this.isLive(cutoff.until) && token.sessionStartedAt <= cutoff.at) {
      return true;
    }
    return (
      this.isLive(this.revoked.get(tokenKey(token.userId, token.tokenId))) ||
      this.isLive(this.revoked.get(sessionKey(token.userId, token.sessionId)))
    );
  }

  private write(key: string, until: number): void {
    this.revoked.set(key, until);
    if (++this.writes % SWEEP_EVERY !== 0) {
      return;
    }
    for (const [entry, expiry] of this.revoked) {
      if (!this.isLive(expiry)) {
        this.revoked.delete(entry);
      }
    }
    for (const [user, cutoff] of this.cutoffs) {
      if (!this.isLive(cutoff.until)) {
        this.cutoffs.delete(user);
      }
    }
  }

  private isLive(until: number | undefined): boolean {
    return until !== undefined && until * 1000 > Date.now();
  }
}

const tokenKey = (userId: string, tokenId: string): string => `${userId}|t|${tokenId}`;
const sessionKey = (userId: string, sessionId: string): string => `${userId}|s|${sessionId}`;
