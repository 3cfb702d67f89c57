import { expect } from '@jest/globals';
import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { BoardNotFoundError } from '../boards/boards.errors';
import { StaleKeyError } from '../keys/keys.errors';
import { ConflictError, ForbiddenError, InvalidInputError, RateLimitedError, UnavailableError } from './domain-error';
import { translateError } from './http-exception.filter';

describe('translateError', () => {
  it('maps domain errors to their HTTP status and keeps the message', () => {
    expect(translateError(new ForbiddenError('Not a member of this board'))).toEqual(
      expect.objectContaining({ status: 403, message: 'Not a member of this board' }),
    );
  });

  it("carries a domain error's code: the general one of its kind unless it has a specific one", () => {
    expect(translateError(new ForbiddenError('No')).code).toBe('forbidden');
    expect(translateError(new InvalidInputError('The file is not text', 'import_not_text')).code).toBe('import_not_text');
    expect(translateError(new BoardNotFoundError())).toEqual(expect.objectContaining({ status: 404, code: 'board_not_found' }));
  });

  it('lets no detail overwrite the code', () => {
    const body = translateError(new StaleKeyError('key-2'));
    expect(body).toEqual(expect.objectContaining({ status: 409, code: 'stale_key', details: { currentKeyId: 'key-2' } }));
  });

  it('carries conflict details so a client can show the current state', () => {
    const result = translateError(new ConflictError('Stale version', { current: { version: 4 } }));
    expect(result.status).toBe(409);
    expect(result.details).toEqual({ current: { version: 4 } });
  });

  it('gives 429 and 503 a retry hint', () => {
    expect(translateError(new RateLimitedError('Slow down', 7)).retryAfterSeconds).toBe(7);
    expect(translateError(new UnavailableError('Down'))).toEqual(expect.objectContaining({ status: 503, code: 'unavailable' }));
  });

  it('keeps field messages of validation errors as an array', () => {
    const result = translateError(new BadRequestException(['username must be 3 to 32 characters']));
    expect(result).toEqual({ status: 400, message: ['username must be 3 to 32 characters'], code: 'invalid_input' });
  });

  it("keeps the validation pipe's code and fields", () => {
    const fields = [{ field: 'username', rule: 'matches', message: 'username must be 3 to 32 characters' }];
    const result = translateError(new BadRequestException({ message: [fields[0].message], code: 'validation_failed', fields }));
    expect(result).toEqual({ status: 400, message: [fields[0].message], code: 'validation_failed', fields });
  });

  it('passes Nest HTTP exceptions through with the general code of their status', () => {
    expect(translateError(new NotFoundException('No such route'))).toEqual(expect.objectContaining({ status: 404, code: 'not_found' }));
    expect(translateError(new HttpException('Gone', 410))).toEqual(expect.objectContaining({ status: 410, code: 'gone' }));
    expect(translateError(new HttpException({ message: 'Odd', code: 'made_up' }, 418)).code).toBe('invalid_input');
  });

  it('maps body parser failures to 413 and 400', () => {
    expect(translateError({ type: 'entity.too.large', status: 413 })).toEqual(expect.objectContaining({ status: 413, code: 'too_large' }));
    expect(translateError({ type: 'entity.parse.failed', status: 400 })).toEqual({
      status: 400,
      message: 'Request body is not valid JSON',
      code: 'invalid_json',
    });
  });

  it('maps a body that fails to decompress to 400, not 500', () => {
    const zlibFailure = Object.assign(new Error('incorrect header check'), {
      status: 400,
      statusCode: 400,
      expose: true,
      code: 'Z_DATA_ERROR',
    });
    expect(translateError(zlibFailure)).toEqual({ status: 400, message: 'Request body could not be decoded', code: 'invalid_input' });
  });

  it('turns an unreachable Redis into 503, not 500', () => {
    const error = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    expect(translateError(error)).toEqual(expect.objectContaining({ status: 503, code: 'unavailable', retryAfterSeconds: 2 }));
  });

  it('hides the message of unexpected errors', () => {
    expect(translateError(new TypeError('cannot read x of undefined at /srv/app.js:10'))).toEqual({
      status: 500,
      message: 'Internal server error',
      code: 'internal',
    });
  });
});

describe('translateError with health details', () => {
  it('keeps per-dependency details of a failed health check', () => {
    const error = new HttpException({ status: 'error', details: { redis: { status: 'down' } } }, 503);
    expect(translateError(error)).toEqual({
      status: 503,
      message: expect.any(String),
      code: 'unavailable',
      details: { details: { redis: { status: 'down' } } },
    });
  });
});
