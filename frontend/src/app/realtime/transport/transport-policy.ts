import { InjectionToken } from '@angular/core';

import { backoffDelay, firstReconnectDelay } from '../backoff';
import { RefusedError, SessionRevokedError, StreamEndedError, StreamHeldBackError } from './transport-errors';

/** What carries the events right now: a Server-Sent Events stream, or long polls when a proxy holds streams back. */
export type Transport = 'stream' | 'poll';

export interface TransportTiming {
  /** While polling, how often the stream is tried again in the background. */
  readonly streamRetryMs: number;
  /** How long the server may hold a poll open (its `wait`), in seconds. */
  readonly pollWaitSeconds: number;
}

export const TRANSPORT_TIMING = new InjectionToken<TransportTiming>('TRANSPORT_TIMING', {
  providedIn: 'root',
  // Every few minutes: cheap for the server, and a proxy fixed meanwhile is noticed soon enough.
  factory: () => ({ streamRetryMs: 180_000, pollWaitSeconds: 25 }),
});

/** Used until stream.ready says the server's interval (and all along through a proxy that holds it back). */
export const DEFAULT_HEARTBEAT_MS = 15_000;
/** Silence for this many heartbeats means the stream is dead, or held back, even if its socket looks open. */
export const WATCHDOG_HEARTBEATS = 2.5;
/** A Retry-After beyond this is a misconfigured proxy, not a plan: the tab would sit dead for hours. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

export type FailureAnswer =
  /** Connect again after the delay; a 403/404 is also told to the stores (their channel may be gone). */
  | { readonly kind: 'retry'; readonly delayMs: number; readonly refused?: 403 | 404 }
  /** 401: the token expired or was rotated; renew it, and end the session only if that fails. */
  | { readonly kind: 'renew-session'; readonly delayMs: number }
  /** The server revoked the stream's token: the cookie decides whether the session goes on. */
  | { readonly kind: 'check-session' }
  /** Silent from the first byte: if a poll gets through, poll; else retry after the delay. */
  | { readonly kind: 'try-polling'; readonly delayMs: number }
  /** 204: the server asks us not to reconnect. */
  | { readonly kind: 'stop' };

/**
 * What to do after connection attempt `attempt` (1-based since the last success) failed.
 * Backoff is 1 s doubling to 30 s; the server can only lengthen it (Retry-After, `retry:`).
 */
export function answerFailure(error: unknown, attempt: number, retryHintMs?: number): FailureAnswer {
  const delayMs = backoffDelay(attempt - 1);
  if (error instanceof SessionRevokedError) {
    return { kind: 'check-session' };
  }
  if (error instanceof StreamHeldBackError) {
    return { kind: 'try-polling', delayMs };
  }
  if (error instanceof StreamEndedError) {
    // A clean end (pod shutdown, token expiry): the server's `retry:` hint spreads the comeback.
    return { kind: 'retry', delayMs: Math.max(delayMs, retryHintMs ?? 0) };
  }
  if (!(error instanceof RefusedError)) {
    // Cut off without a word: every client of that pod is coming back at once.
    return { kind: 'retry', delayMs: attempt <= 1 ? firstReconnectDelay() : delayMs };
  }
  const serverDelay = retryAfterOf(error);
  switch (error.status) {
    case 204:
      return { kind: 'stop' };
    case 401:
      // The first one is an expired token, fixed by a refresh at once; more in a row back off.
      return { kind: 'renew-session', delayMs: attempt <= 1 ? 0 : delayMs };
    case 403:
    case 404:
      return { kind: 'retry', delayMs: Math.max(delayMs, serverDelay), refused: error.status };
    default:
      return { kind: 'retry', delayMs: Math.max(delayMs, serverDelay) };
  }
}

/** How long the server asked us to stay away (a refusal's Retry-After, capped); 0 when it did not ask. */
export function retryAfterOf(error: unknown): number {
  return error instanceof RefusedError ? Math.min(error.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS) : 0;
}
