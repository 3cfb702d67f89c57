import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';

import { errorCode } from '../core/api-error';
import { backoffDelay, parseRetryAfter } from '../realtime/backoff';
import { isUnreachable } from './unreachable';

/** What to do with a write after one attempt failed. */
export type FailureAnswer =
  /** The server may be fine in a moment (network, 5xx, rate limit, the same key still running): keep it, try again later. */
  | { kind: 'retry'; delayMs: number }
  /** The session is over: keep the write for when its user signs in again, send nothing meanwhile. */
  | { kind: 'hold' }
  /** The server said no (4xx): the write is dropped and its caller hears why. */
  | { kind: 'refuse' };

/** How a failed attempt of attempt number `attempts` (1 for the first failure) is answered. */
export function failureAnswer(error: unknown, attempts: number): FailureAnswer {
  if (!(error instanceof HttpErrorResponse)) {
    return { kind: 'retry', delayMs: backoffDelay(attempts - 1) };
  }
  const { status } = error;
  if (status === 401) {
    return { kind: 'hold' };
  }
  // A 409 idempotency_in_progress: the first attempt with this key is still running.
  if (isUnreachable(error) || status === 408 || status === 429 || errorCode(error) === 'idempotency_in_progress') {
    const asked = status === 503 || status === 429 ? parseRetryAfter(error.headers.get('retry-after')) : undefined;
    return { kind: 'retry', delayMs: asked ?? backoffDelay(attempts - 1) };
  }
  return { kind: 'refuse' };
}

/** A refused write as another tab is told of it (an HttpErrorResponse does not survive structured cloning). */
export interface SentFailure {
  readonly status: number;
  readonly statusText: string;
  readonly url: string | null;
  readonly error: unknown;
  readonly retryAfter: string | null;
}

/** The outcome of one queued write, as the tab that sent it tells the others. */
export type WriteAnswer = { readonly ok: true; readonly body: unknown } | { readonly ok: false; readonly failure: SentFailure };

export function failureOf(error: unknown): SentFailure {
  if (error instanceof HttpErrorResponse) {
    return {
      status: error.status,
      statusText: error.statusText,
      url: error.url,
      error: cloneable(error.error),
      retryAfter: error.headers.get('retry-after'),
    };
  }
  return { status: 0, statusText: 'Unknown Error', url: null, error: null, retryAfter: null };
}

export function errorOf(failure: SentFailure): HttpErrorResponse {
  const headers = failure.retryAfter === null ? new HttpHeaders() : new HttpHeaders({ 'Retry-After': failure.retryAfter });
  return new HttpErrorResponse({
    status: failure.status,
    statusText: failure.statusText,
    url: failure.url ?? undefined,
    error: failure.error,
    headers,
  });
}

// A network failure's ProgressEvent cannot be cloned to another tab.
function cloneable(body: unknown): unknown {
  return typeof body === 'object' && body !== null && !(body.constructor === Object || Array.isArray(body)) ? null : body;
}
