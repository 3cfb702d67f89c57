import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '../users/actor';
import { toPublicUser } from '../users/user';
import type { AuthUser } from './auth-user';

export interface AuthenticatedRequest {
  user?: AuthUser;
}

/** The caller as verified by the auth guard, never anything from the body. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => authenticatedUser(context));

/** The caller as the domain sees them: who they are, without the token and transport details of the request. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor =>
  toPublicUser(authenticatedUser(context)),
);

function authenticatedUser(context: ExecutionContext): AuthUser {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) {
    throw new Error('CurrentUser used on a public route');
  }
  return user;
}
