import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { AuthResponse, Role } from '../../../contracts/api';
import { AppConfig } from '../config/app-config';
import { AccessRevocations } from '../events/access-revocations';
import { toPublicUser, type User } from '../users/user';
import { UsersRepository } from '../users/users.repository';
import { InvalidCredentialsError, InvalidTokenError, SessionTooOldError } from './auth.errors';
import type { AuthUser } from './auth-user';
import { hashPassword, verifyPassword } from './password';
import { RevocationStore } from './revocation.store';

export const JWT_ALGORITHM = 'HS256';

interface TokenClaims {
  sub: string;
  exp: number;
  /** Token id: what a refresh revokes when it rotates the token. */
  jti: string;
  /** Session id, shared by every token one login leads to: what logout revokes. */
  sid: string;
  /** When the session began (Unix ms): it ends SESSION_MAX_AGE later, however often it is refreshed. */
  sat: number;
}

interface Session {
  sid: string;
  sat: number;
}

export interface IssuedToken extends AuthResponse {
  ttlSeconds: number;
}

@Injectable()
export class AuthService {
  // Verifying against a real hash for unknown users keeps login timing the
  // same whether or not the username exists.
  private readonly dummyHash = hashPassword(randomUUID());

  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly revocations: RevocationStore,
    private readonly access: AccessRevocations,
  ) {}

  async register(username: string, password: string, displayName?: string): Promise<IssuedToken> {
    const normalized = username.toLowerCase();
    const user = await this.users.create({
      id: randomUUID(),
      username: normalized,
      displayName: displayName?.trim() || normalized,
      passwordHash: await hashPassword(password),
      createdAt: new Date().toISOString(),
    });
    return this.issue(user);
  }

  async login(username: string, password: string): Promise<IssuedToken> {
    const user = await this.users.findByUsername(username.toLowerCase());
    const valid = await verifyPassword(password, user?.passwordHash ?? (await this.dummyHash));
    if (!user || !valid) {
      throw new InvalidCredentialsError();
    }
    return this.issue(user);
  }

  /**
   * Rotates: the caller's token stops working and a new one of the same session is issued.
   * Of two refreshes racing with one token only one wins; the other gets 401. Streams opened
   * with the old token end (session_revoked); the app reconnects them with the new one.
   */
  async refresh(caller: AuthUser): Promise<IssuedToken> {
    const { tokenId, sessionId, sessionStartedAt } = caller;
    if (tokenId === undefined || sessionId === undefined || sessionStartedAt === undefined) {
      throw new InvalidTokenError();
    }
    if (this.sessionEndsAt(sessionStartedAt) <= Date.now()) {
      throw new SessionTooOldError();
    }
    const user = await this.users.findById(caller.id);
    if (!user) {
      throw new InvalidTokenError();
    }
    if (!(await this.revocations.revokeToken(caller.id, tokenId, caller.tokenExpiresAt))) {
      throw new InvalidTokenError();
    }
    const issued = await this.issue(user, { sid: sessionId, sat: sessionStartedAt });
    // A rotated token is a revoked one, streams included (a stolen copy must not keep listening);
    // the app reconnects them with the new token at once.
    await this.access.publish({ kind: 'token', userId: caller.id, tokenId });
    return issued;
  }

  /** Ends the caller's session on every pod: all its tokens stop working and its open streams close. */
  async logout(caller: AuthUser): Promise<void> {
    if (caller.sessionId === undefined || caller.sessionStartedAt === undefined) {
      return;
    }
    await this.revocations.revokeSession(caller.id, caller.sessionId, this.sessionEndsAt(caller.sessionStartedAt) / 1000);
    await this.access.publish({ kind: 'session', userId: caller.id, sessionId: caller.sessionId });
  }

  /** "Log out everywhere": every session begun so far ends, this one included; logging in again works. */
  async logoutEverywhere(caller: AuthUser): Promise<void> {
    const now = Date.now();
    // Sessions begun before now all end by now + SESSION_MAX_AGE: the cutoff can be forgotten then.
    await this.revocations.revokeSessionsBefore(caller.id, now, this.sessionEndsAt(now) / 1000);
    await this.access.publish({ kind: 'sessions_before', userId: caller.id, startedAtOrBefore: now });
  }

  /**
   * Verifies signature, algorithm, expiry and the session's age, then that the user still
   * exists and the token was not revoked (both looked up at once).
   */
  async authenticate(token: string, via: AuthUser['via']): Promise<AuthUser> {
    const claims = await this.verifiedClaims(token);
    const [user, revoked] = await Promise.all([
      this.users.findById(claims.sub),
      this.revocations.isRevoked({ userId: claims.sub, tokenId: claims.jti, sessionId: claims.sid, sessionStartedAt: claims.sat }),
    ]);
    if (!user || revoked) {
      throw new InvalidTokenError();
    }
    return {
      ...toPublicUser(user),
      roles: this.rolesOf(user),
      tokenExpiresAt: claims.exp,
      via,
      tokenId: claims.jti,
      sessionId: claims.sid,
      sessionStartedAt: claims.sat,
    };
  }

  /**
   * The signature, expiry and session window of a token, without asking the stores whether the
   * session was revoked or the user still exists: authenticate() does both. For a refusal that
   * must be cheap yet not free to anyone (stream-route.ts takes a connect token only after it).
   */
  async assertSigned(token: string): Promise<void> {
    await this.verifiedClaims(token);
  }

  private async verifiedClaims(token: string): Promise<TokenClaims> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token, { algorithms: [JWT_ALGORITHM] });
    } catch {
      throw new InvalidTokenError();
    }
    if (!hasSessionClaims(claims)) {
      throw new InvalidTokenError();
    }
    if (this.sessionEndsAt(claims.sat) <= Date.now()) {
      throw new SessionTooOldError();
    }
    return claims;
  }

  rolesOf(user: Pick<User, 'id' | 'admin'>): Role[] {
    return user.admin === true || this.config.adminUserIds.has(user.id) ? ['user', 'admin'] : ['user'];
  }

  private sessionEndsAt(startedAt: number): number {
    return startedAt + this.config.sessionMaxAgeSeconds * 1000;
  }

  /** A new session at login; the same one, with a new token id, at refresh. Never outlives the session. */
  private async issue(user: User, session: Session = { sid: randomUUID(), sat: Date.now() }): Promise<IssuedToken> {
    const ttlSeconds = Math.min(this.config.jwtTtlSeconds, Math.floor((this.sessionEndsAt(session.sat) - Date.now()) / 1000));
    if (ttlSeconds < 1) {
      throw new SessionTooOldError();
    }
    const claims = { sub: user.id, jti: randomUUID(), sid: session.sid, sat: session.sat };
    const accessToken = await this.jwt.signAsync(claims, { algorithm: JWT_ALGORITHM, expiresIn: ttlSeconds });
    const { exp } = this.jwt.decode<TokenClaims>(accessToken);
    return {
      user: toPublicUser(user),
      accessToken,
      expiresAt: new Date(exp * 1000).toISOString(),
      ttlSeconds,
    };
  }
}

function hasSessionClaims(claims: Partial<TokenClaims>): claims is TokenClaims {
  return (
    typeof claims.sub === 'string' &&
    typeof claims.exp === 'number' &&
    typeof claims.jti === 'string' &&
    typeof claims.sid === 'string' &&
    typeof claims.sat === 'number'
  );
}
