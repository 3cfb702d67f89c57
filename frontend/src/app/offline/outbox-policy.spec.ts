import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';

import { errorOf, failureAnswer, failureOf } from './outbox-policy';

const answer = (status: number, error: unknown = null, headers?: Record<string, string>) =>
  new HttpErrorResponse({ status, error, headers: new HttpHeaders(headers) });

describe('failureAnswer', () => {
  it('retries network errors, 5xx and rate limits, waiting as long as the server asks', () => {
    expect(failureAnswer(answer(0), 1).kind).toBe('retry');
    expect(failureAnswer(answer(500), 1).kind).toBe('retry');
    expect(failureAnswer(answer(503, null, { 'Retry-After': '7' }), 1)).toEqual({ kind: 'retry', delayMs: 7_000 });
    expect(failureAnswer(answer(429, null, { 'Retry-After': '2' }), 3)).toEqual({ kind: 'retry', delayMs: 2_000 });
  });

  it('retries while the first attempt with the same key is still running', () => {
    const running = answer(409, {
      statusCode: 409,
      message: 'A request with this idempotency key is still being handled: retry in a moment',
      code: 'idempotency_in_progress',
    });
    expect(failureAnswer(running, 1).kind).toBe('retry');
  });

  it('drops what the server refuses, and holds everything when the session is over', () => {
    expect(failureAnswer(answer(409, { message: 'Someone else changed this note first', code: 'stale_note' }), 1)).toEqual({
      kind: 'refuse',
    });
    expect(failureAnswer(answer(404), 1)).toEqual({ kind: 'refuse' });
    expect(failureAnswer(answer(403), 1)).toEqual({ kind: 'refuse' });
    expect(failureAnswer(answer(401), 1)).toEqual({ kind: 'hold' });
  });
});

describe('failureOf / errorOf', () => {
  it('carries a refusal to another tab with its status, body and Retry-After', () => {
    const original = answer(409, { message: 'conflict', current: { id: 'n1', version: 2 } }, { 'Retry-After': '3' });
    const rebuilt = errorOf(structuredClone(failureOf(original)));
    expect(rebuilt.status).toBe(409);
    expect(rebuilt.error).toEqual({ message: 'conflict', current: { id: 'n1', version: 2 } });
    expect(rebuilt.headers.get('retry-after')).toBe('3');
  });
});
