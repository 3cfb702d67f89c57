import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/** The route is a write a client may retry (see IdempotencyInterceptor). */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        "Makes a retry safe: within IDEMPOTENCY_TTL_MS a repeat gets the first answer and nothing happens twice. Without it, the write's clientId is the key. 409 if the key was used for another request or its first attempt is still running.",
    }),
  );
