import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { ErrorBody, FieldError } from '../../../contracts/api';
import { generalCodeOfStatus, isErrorCode, type ErrorCode } from '../../../contracts/errors';
import { DomainError, DomainErrorKind } from './domain-error';
import { isRedisUnavailableError } from './redis-errors';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  gone: HttpStatus.GONE,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

interface Translated {
  status: number;
  message: string | string[];
  code: ErrorCode;
  fields?: FieldError[];
  retryAfterSeconds?: number;
  details?: Record<string, unknown>;
}

/** Errors thrown by express' body parser before Nest sees the request. */
interface BodyParserError {
  type: string;
  status: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number'
  );
}

/** body-parser passes zlib failures on as untyped http-errors (status 400, expose true). */
function isClientHttpError(error: unknown): error is { status: number } {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500;
}

/** Maps anything thrown to one JSON shape without leaking internals. */
export function translateError(error: unknown): Translated {
  if (error instanceof DomainError) {
    return {
      status: STATUS_BY_KIND[error.kind],
      message: error.message,
      code: error.code,
      retryAfterSeconds: error.retryAfterSeconds,
      details: error.details,
    };
  }
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const status = error.getStatus();
    if (typeof response === 'string') {
      return { status, message: response, code: generalCode(status) };
    }
    const body = response as { message?: string | string[]; code?: unknown; fields?: FieldError[]; details?: Record<string, unknown> };
    // Health checks put per-dependency results in `details`: worth keeping for operators.
    const details = typeof body.details === 'object' && body.details !== null ? { details: body.details } : undefined;
    return {
      status,
      message: body.message ?? error.message,
      code: isErrorCode(body.code) ? body.code : generalCode(status),
      ...(Array.isArray(body.fields) ? { fields: body.fields } : {}),
      ...(details === undefined ? {} : { details }),
    };
  }
  if (isBodyParserError(error)) {
    if (error.type === 'entity.too.large') {
      return { status: 413, message: 'Request body is too large', code: 'too_large' };
    }
    if (error.type === 'entity.parse.failed') {
      return { status: 400, message: 'Request body is not valid JSON', code: 'invalid_json' };
    }
    if (error.status >= 400 && error.status < 500) {
      return { status: error.status, message: 'Request body could not be read', code: generalCode(error.status) };
    }
  }
  if (isClientHttpError(error)) {
    return {
      status: error.status,
      message: error.status === 400 ? 'Request body could not be decoded' : 'Request body could not be read',
      code: generalCode(error.status),
    };
  }
  if (isRedisUnavailableError(error)) {
    return { status: 503, message: 'Storage is temporarily unavailable, try again shortly', code: 'unavailable', retryAfterSeconds: 2 };
  }
  return { status: 500, message: 'Internal server error', code: 'internal' };
}

const logger = new Logger('Errors');

/** Writes any error as the one JSON error shape; shared by the filter and the raw express error handler. */
export function sendError(response: Response, error: unknown): void {
  const translated = logged(error);
  // A stream that already started cannot change its status any more.
  if (response.headersSent) {
    if (!response.writableEnded) {
      response.end();
    }
    return;
  }
  const retryAfter = retryAfterHeader(translated);
  if (retryAfter !== undefined) {
    response.setHeader('Retry-After', retryAfter);
  }
  response.status(translated.status).json(errorBody(translated));
}

/**
 * The same answer as sendError() for a response Express never saw (events/stream-route.ts), with
 * `headers` (flat name/value list) added; no ETag, which means nothing on an error.
 */
export function sendPlainError(response: ServerResponse, error: unknown, headers: readonly string[]): void {
  const translated = logged(error);
  if (response.headersSent) {
    if (!response.writableEnded) {
      response.end();
    }
    return;
  }
  const body = JSON.stringify(errorBody(translated));
  const out = [...headers, 'Content-Type', 'application/json; charset=utf-8', 'Content-Length', String(Buffer.byteLength(body))];
  const retryAfter = retryAfterHeader(translated);
  if (retryAfter !== undefined) {
    out.push('Retry-After', retryAfter);
  }
  response.writeHead(translated.status, out).end(body);
}

function logged(error: unknown): Translated {
  const translated = translateError(error);
  if (translated.status >= 500 && translated.status !== 503) {
    logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  return translated;
}

function retryAfterHeader(translated: Translated): string | undefined {
  return translated.retryAfterSeconds === undefined ? undefined : String(Math.max(1, Math.ceil(translated.retryAfterSeconds)));
}

function generalCode(status: number): ErrorCode {
  // The general code of an answer without a more precise one (Nest's own exceptions, body parser failures).
  return generalCodeOfStatus(status) ?? 'invalid_input';
}

function errorBody(translated: Translated): ErrorBody & Record<string, unknown> {
  return {
    ...translated.details,
    statusCode: translated.status,
    error: STATUS_CODES[translated.status] ?? 'Error',
    message: translated.message,
    code: translated.code,
    ...(translated.fields === undefined ? {} : { fields: translated.fields }),
  };
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    sendError(host.switchToHttp().getResponse<Response>(), error);
  }
}
