import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { catchError, from, mergeMap, type Observable, of } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/current-user.decorator';
import { ConflictError, InvalidInputError } from '../common/domain-error';
import { CLIENT_ID_PATTERN } from '../common/validation';
import { AppConfig } from '../config/app-config';
import { IdempotencyStore } from './idempotency.store';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

/**
 * A retried write is done once: the first answer is kept per user and key, and a retry gets
 * it again without the write (or its event) happening twice, even when the first attempt
 * reached the server and only its response was lost. The key is the `Idempotency-Key`
 * header, else the write's own `clientId` (body, or query for a delete). Runs after the auth
 * guard, so the scope is the verified user, never a claimed one.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly config: AppConfig,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & AuthenticatedRequest>();
    const key = idempotencyKey(request);
    const user = request.user;
    if (key === undefined || !user) {
      return next.handle();
    }
    const fingerprint = fingerprintOf(request);
    const ttlMs = this.config.idempotencyTtlMs;
    const claim = await this.store.claim(user.id, key, fingerprint, ttlMs);
    switch (claim.kind) {
      case 'replay':
        http.getResponse<Response>().setHeader('Idempotent-Replayed', 'true');
        return of(claim.answer.body === '' ? undefined : (JSON.parse(claim.answer.body) as unknown));
      case 'in_progress':
        throw new ConflictError(
          'A request with this idempotency key is still being handled: retry in a moment',
          undefined,
          'idempotency_in_progress',
        );
      case 'mismatch':
        throw new ConflictError(
          'This idempotency key was already used for a different request: use a new key',
          undefined,
          'idempotency_key_reused',
        );
      case 'new':
        break;
    }
    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(this.store.finish(user.id, key, fingerprint, { body: body === undefined ? '' : JSON.stringify(body) }, ttlMs)).pipe(
          mergeMap(() => of(body)),
        ),
      ),
      // A failed attempt changed nothing that a retry would repeat: let the retry through.
      catchError((error: unknown) =>
        from(this.store.release(user.id, key)).pipe(
          mergeMap(() => {
            throw error;
          }),
        ),
      ),
    );
  }
}

function idempotencyKey(request: Request): string | undefined {
  const header = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (header !== undefined) {
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw new InvalidInputError('Idempotency-Key must be 1 to 128 visible ASCII characters, given once');
    }
    return header;
  }
  // A malformed clientId is no key: validation refuses it with its own message.
  const body: unknown = request.body;
  const fromBody = typeof body === 'object' && body !== null ? (body as { clientId?: unknown }).clientId : undefined;
  const clientId = fromBody ?? (request.query as { clientId?: unknown }).clientId;
  return typeof clientId === 'string' && CLIENT_ID_PATTERN.test(clientId) ? `client:${clientId}` : undefined;
}

/** Which request a key was first used for: the same key on another route or body is refused. */
function fingerprintOf(request: Request): string {
  return createHash('sha256')
    .update(`${request.method} ${request.originalUrl}\n${JSON.stringify(request.body ?? null)}`)
    .digest('base64url');
}
