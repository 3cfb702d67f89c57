import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  RefusedError,
  SessionRevokedError,
  StreamEndedError,
  StreamHeldBackError,
  StreamStalledError,
  UnreachableError,
} from './transport-errors';
import { MAX_RETRY_AFTER_MS, answerFailure, retryAfterOf } from './transport-policy';

describe('answerFailure', () => {
  beforeEach(() => vi.spyOn(Math, 'random').mockReturnValue(0));
  afterEach(() => vi.restoreAllMocks());

  it('backs off on network failures and stalls: 1 s doubling', () => {
    expect(answerFailure(new UnreachableError(), 1)).toEqual({ kind: 'retry', delayMs: 500 });
    expect(answerFailure(new StreamStalledError(), 3)).toEqual({ kind: 'retry', delayMs: 4_000 });
  });

  it('lets the server lengthen the wait, never shorten it, and caps an absurd Retry-After', () => {
    expect(answerFailure(new RefusedError(503, 10_000), 1)).toEqual({ kind: 'retry', delayMs: 10_000 });
    expect(answerFailure(new RefusedError(429, 10), 2)).toEqual({ kind: 'retry', delayMs: 2_000 });
    expect(answerFailure(new RefusedError(503, 86_400_000), 1)).toEqual({ kind: 'retry', delayMs: MAX_RETRY_AFTER_MS });
    expect(answerFailure(new StreamEndedError(), 1, 4_000)).toEqual({ kind: 'retry', delayMs: 4_000 });
  });

  it('reads how long a refusal asked to stay away, for the waits that are no reconnect backoff', () => {
    expect(retryAfterOf(new RefusedError(503, 7_000))).toBe(7_000);
    expect(retryAfterOf(new RefusedError(503, 86_400_000))).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterOf(new RefusedError(503))).toBe(0);
    expect(retryAfterOf(new UnreachableError())).toBe(0);
  });

  it('renews the session on 401, at once the first time', () => {
    expect(answerFailure(new RefusedError(401), 1)).toEqual({ kind: 'renew-session', delayMs: 0 });
    expect(answerFailure(new RefusedError(401), 2)).toEqual({ kind: 'renew-session', delayMs: 2_000 });
  });

  it('tells the stores about 403/404, stops on 204, checks the session after a revocation', () => {
    expect(answerFailure(new RefusedError(404), 1)).toEqual({ kind: 'retry', delayMs: 1_000, refused: 404 });
    expect(answerFailure(new RefusedError(204), 1)).toEqual({ kind: 'stop' });
    expect(answerFailure(new SessionRevokedError(), 5)).toEqual({ kind: 'check-session' });
  });

  it('tries polling when an answered stream stays silent from its first byte', () => {
    expect(answerFailure(new StreamHeldBackError(), 1)).toEqual({ kind: 'try-polling', delayMs: 1_000 });
  });
});
