import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { AuthResponse, PublicUser, Role } from '../../../contracts/api';
import { AppConfig } from '../config/app-config';
import type { User } from '../users/user';
import { UsersRepository } from '../users/users.repository';
import { InvalidCredentialsError, InvalidTokenError } from './auth.errors';
import type { AuthUser } from './auth-user';
import { hashPassword, verifyPassword } from './password';

export const JWT_ALGORITHM = 'HS256';

interface TokenClaims {
  sub: string;
  exp: number;
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
    if (!user || !valid) throw new InvalidCredentialsError();
    return this.issue(user);
  }

  async refresh(caller: AuthUser): Promise<IssuedToken> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new InvalidTokenError();
    return this.issue(user);
  }

  /** Verifies signature, algorithm and expiry, then that the user still exists. */
  async authenticate(token: string, via: AuthUser['via']): Promise<AuthUser> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token, { algorithms: [JWT_ALGORITHM] });
    } catch {
      throw new InvalidTokenError();
    }
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') throw new InvalidTokenError();
    const user = await this.users.findById(claims.sub);
    if (!user) throw new InvalidTokenError();
    return { ...toPublicUser(user), roles: this.rolesOf(user), tokenExpiresAt: claims.exp, via };
  }

  rolesOf(user: Pick<User, 'id' | 'admin'>): Role[] {
    return user.admin === true || this.config.adminUserIds.has(user.id) ? ['user', 'admin'] : ['user'];
  }

  private async issue(user: User): Promise<IssuedToken> {
    const ttlSeconds = this.config.jwtTtlSeconds;
    const accessToken = await this.jwt.signAsync({ sub: user.id }, { algorithm: JWT_ALGORITHM, expiresIn: ttlSeconds });
    const { exp } = this.jwt.decode<TokenClaims>(accessToken);
    return {
      user: toPublicUser(user),
      accessToken,
      expiresAt: new Date(exp * 1000).toISOString(),
      ttlSeconds,
    };
  }
}

export function toPublicUser(user: User): PublicUser {
  return { id: user.id, username: user.username, displayName: user.displayName };
}
