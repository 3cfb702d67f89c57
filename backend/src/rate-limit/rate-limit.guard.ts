import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { AuthenticatedRequest } from '../auth/current-user.decorator';
import { RateLimitedError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { RATE_LIMIT, RateLimitRule } from './rate-limit.rule';
import { RateLimiter } from './rate-limiter';

/** Runs after the auth guard, so the budget belongs to the verified user, never to a claimed one. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<RateLimitRule | undefined>(RATE_LIMIT, context.getHandler());
    if (!rule) {
      return true;
    }
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const who = request.user ? `user:${request.user.id}` : `ip:${request.ip ?? 'unknown'}`;
    const decision = await this.limiter.hit(`${rule.bucket}:${who}`, rule.limit(this.config), rule.windowMs);
    if (!decision.allowed) {
      throw new RateLimitedError('Too many requests, slow down', Math.ceil(decision.retryAfterMs / 1000));
    }
    return true;
  }
}
