import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ForbiddenError } from '../common/domain-error';
import type { AuthenticatedRequest } from '../auth/current-user.decorator';

/** Runs after the global auth guard: the caller is known, and must be an admin. */
@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!user?.roles.includes('admin')) {
      throw new ForbiddenError('Administrators only', 'admin_only');
    }
    return true;
  }
}
