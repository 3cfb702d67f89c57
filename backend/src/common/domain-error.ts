/**
 * Services throw these; one exception filter turns them into HTTP answers, so
 * services never speak HTTP and every error leaves the app in one shape.
 */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unsupported'
  | 'gone'
  | 'rate_limited'
  | 'unavailable';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  /** Seconds the client should wait before trying again (429 and 503). */
  readonly retryAfterSeconds?: number;
  /** Extra fields merged into the error body, e.g. the current note on a 409. */
  readonly details?: Record<string, unknown>;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInputError extends DomainError {
  readonly kind = 'invalid';
}

export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated';
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  constructor(
    message: string,
    override readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly kind = 'unsupported';
}

export class GoneError extends DomainError {
  readonly kind = 'gone';
}

export class RateLimitedError extends DomainError {
  readonly kind = 'rate_limited';
  constructor(
    message: string,
    override readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export class UnavailableError extends DomainError {
  readonly kind = 'unavailable';
  constructor(
    message: string,
    override readonly retryAfterSeconds = 5,
  ) {
    super(message);
  }
}
