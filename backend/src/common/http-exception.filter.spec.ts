import { expect } from '@jest/globals';
import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { ConflictError, ForbiddenError, RateLimitedError, UnavailableError } from './domain-error';
import { translateError } from './http-exception.filter';

describe('translateError', () => {
  it('maps domain errors to their HTTP status and keeps the message', () => {
    expect(translateError(new ForbiddenError('Not a member of this board'))).toEqual(
      expect.objectContaining({ status: 403, message: 'Not a member of this board' }),
    );
  });

  it('carries conflict details so a client can show the current state', () => {
    const result = translateError(new ConflictError('Stale version', { current: { version: 4 } }));
    expect(result.status).toBe(409);
    expect(result.details).toEqual({ current: { version: 4 } });
  });

  it('gives 429 and 503 a retry hint', () => {
    expect(translateError(new RateLimitedError('Slow down', 7)).retryAfterSeconds).toBe(7);
    expect(translateError(new UnavailableError('Down')).status).toBe(503);
  });

  it('keeps field messages of validation errors as an array', () => {
    const result = translateError(new BadRequestException(['username must be 3 to 32 characters']));
    expect(result).toEqual({ status: 400, message: ['username must be 3 to 32 characters'] });
  });

  it('passes Nest HTTP exceptions through', () => {
    expect(translateError(new NotFoundException('No such route')).status).toBe(404);
    expect(translateError(new HttpException('Gone', 410)).status).toBe(410);
  });

  it('maps body parser failures to 413 and 400', () => {
    expect(translateError({ type: 'entity.too.large', status: 413 }).status).toBe(413);
    expect(translateError({ type: 'entity.parse.failed', status: 400 })).toEqual({
      status: 400,
      message: 'Request body is not valid JSON',
    });
  });

  it('maps a body that fails to decompress to 400, not 500', () => {
    const zlibFailure = Object.assign(new Error('incorrect header check'), {
      status: 400,
      statusCode: 400,
      expose: true,
      code: 'Z_DATA_ERROR',
    });
    expect(translateError(zlibFailure)).toEqual({ status: 400, message: 'Request body could not be decoded' });
  });

  it('turns an unreachable Redis into 503, not 500', () => {
    const error = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    expect(translateError(error)).toEqual(expect.objectContaining({ status: 503, retryAfterSeconds: 2 }));
  });

  it('hides the message of unexpected errors', () => {
    expect(translateError(new TypeError('cannot read x of undefined at /srv/app.js:10'))).toEqual({
      status: 500,
      message: 'Internal server error',
    });
  });
});

describe('translateError with health details', () => {
  it('keeps per-dependency details of a failed health check', () => {
    const error = new HttpException({ status: 'error', details: { redis: { status: 'down' } } }, 503);
    expect(translateError(error)).toEqual({
      status: 503,
      message: expect.any(String),
      details: { details: { redis: { status: 'down' } } },
    });
  });
});
