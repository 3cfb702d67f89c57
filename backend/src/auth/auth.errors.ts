import { UnauthenticatedError } from '../common/domain-error';

export class InvalidCredentialsError extends UnauthenticatedError {
  constructor() {
    // Same words whether the username exists or not: no account enumeration.
    super('Wrong username or password');
  }
}

export class InvalidTokenError extends UnauthenticatedError {
  constructor() {
    super('Authentication required');
  }
}
