import { UnauthenticatedError } from '../common/domain-error';

export class InvalidCredentialsError extends UnauthenticatedError {
  constructor() {
    // Same words whether the username exists or not: no account enumeration.
    super('Wrong username or password', 'invalid_credentials');
  }
}

export class InvalidTokenError extends UnauthenticatedError {
  constructor() {
    super('Authentication required', 'authentication_required');
  }
}

export class SessionTooOldError extends UnauthenticatedError {
  constructor() {
    super('This session has reached its maximum age: log in again', 'session_too_old');
  }
}
