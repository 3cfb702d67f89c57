import type { ErrorCode } from '../../../contracts/errors';

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

  /**
   * @param code the stable reason the app translates (ErrorBody.code); the general code of the
   *   kind when nothing more precise helps the person reading it.
   */
  constructor(
    message: string,
    readonly code: ErrorCode,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInputError extends DomainError {
  readonly kind = 'invalid';
  constructor(message: string, code: ErrorCode = 'invalid_input') {
    super(message, code);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated';
  constructor(message: string, code: ErrorCode = 'unauthenticated') {
    super(message, code);
  }
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
  constructor(message: string, code: ErrorCode = 'forbidden') {
    super(message, code);
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
  constructor(message: string, code: ErrorCode = 'not_found') {
    super(message, code);
  }
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  constructor(
    message: string,
    override readonly details?: Record<string, unknown>,
    code: ErrorCode = 'conflict',
  ) {
    super(message, code);
  }
}

export class TooLargeError extends DomainError {
  readonly kind = 'too_large';
  constructor(message: string, code: ErrorCode = 'too_large') {
    super(message, code);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly kind = 'unsupported';
  constructor(message: string, code: ErrorCode = 'unsupported_media_type') {
    super(message, code);
  }
}

export class GoneError extends DomainError {
  readonly kind = 'gone';
  constructor(message: string, code: ErrorCode = 'gone') {
    super(message, code);
  }
}

export class RateLimitedError extends DomainError {
  readonly kind = 'rate_limited';
  constructor(
    message: string,
    override readonly retryAfterSeconds: number,
    code: ErrorCode = 'rate_limited',
  ) {
    super(message, code);
  }
}

export class UnavailableError extends DomainError {
  readonly kind = 'unavailable';
  constructor(
    message: string,
    override readonly retryAfterSeconds = 5,
    code: ErrorCode = 'unavailable',
  ) {
    super(message, code);
  }
}
