import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import type { ErrorBody, FieldError } from '../../../contracts/api';
import { ERROR_CODES, type ErrorCode } from '../../../contracts/errors';

export class FieldErrorDto implements FieldError {
  @ApiProperty({ example: 'username', description: 'The body property, dotted for nested ones (`items.0.text`)' })
  field!: string;

  @ApiProperty({ example: 'matches', description: "The rule it broke: class-validator's constraint name" })
  rule!: string;

  @ApiProperty({ example: 'username must be 3 to 32 characters of a-z, 0-9, _ . -' })
  message!: string;
}

export class ErrorBodyDto implements ErrorBody {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['username must be 3 to 32 characters of a-z, 0-9, _ . -'],
    description: 'A sentence, or one sentence per invalid field (400)',
  })
  message!: string | string[];

  @ApiProperty({
    enum: ERROR_CODES,
    enumName: 'ErrorCode',
    example: 'validation_failed',
    description: 'Stable reason (never renamed); clients show their own text for it, in their language, instead of `message`',
  })
  code!: ErrorCode;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: '`validation_failed` only: which fields failed and which rule each broke' })
  fields?: FieldErrorDto[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: `code` `validation_failed` with `fields` (one per broken rule), or a more precise `code`',
  401: 'Missing, invalid or expired token',
  403: 'Not allowed (or a cookie-authenticated write from a foreign Origin)',
  404: 'Not found',
  409: 'Conflict',
  410: 'Gone: expired or used up',
  413: 'Request body too large',
  415: 'Unsupported media type',
  429: 'Rate limited: see Retry-After',
  503: 'Temporarily unavailable: see Retry-After',
};

/** Documents the error answers an endpoint can give, all in the one error shape. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ErrorBodyDto })),
  );
}
