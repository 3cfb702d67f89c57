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

export class SessionTooOldError extends UnauthenticatedError {
  constructor() {
    super('This session has reached its maximum age: log in again');
  }
}
