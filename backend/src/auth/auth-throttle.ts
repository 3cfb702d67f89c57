import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RateLimitedError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { RateLimiter } from '../rate-limit/rate-limiter';

/**
 * Budgets for the two endpoints that hash a password (~80 ms and 32 MiB each).
 * Checked before any hashing, so a refused attempt costs one counter round trip.
 */
@Injectable()
export class AuthThrottle {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  async login(clientIp: string, username: string): Promise<void> {
    // Hashed: keys stay short and keep usernames (or mistyped passwords) out of Redis.
    const name = createHash('sha256').update(username.toLowerCase()).digest('base64url').slice(0, 22);
    await this.spend([
      [`login-ip:${clientIp}`, this.config.loginIpRateLimit],
      [`login-name:${name}`, this.config.loginUsernameRateLimit],
      [`login-name-ip:${name}:${clientIp}`, this.config.loginRateLimit],
    ]);
  }

  async register(clientIp: string): Promise<void> {
    await this.spend([[`register-ip:${clientIp}`, this.config.registerRateLimit]]);
  }

  private async spend(budgets: Array<[key: string, limit: number]>): Promise<void> {
    const windowMs = this.config.authRateWindowSeconds * 1000;
    const decisions = await Promise.all(budgets.map(([key, limit]) => this.limiter.hit(`auth:${key}`, limit, windowMs)));
    const waitMs = Math.max(0, ...decisions.filter((decision) => !decision.allowed).map((decision) => decision.retryAfterMs));
    if (waitMs > 0) {
      throw new RateLimitedError('Too many attempts, try again later', Math.ceil(waitMs / 1000), 'too_many_attempts');
    }
  }
}
