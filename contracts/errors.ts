// Stable error codes carried by every error response (ErrorBody.code). The app shows the text it
// has for a code in the user's language, never the server's English `message`; a code it does
// not know yet falls back to the general one for the status. Codes are never renamed or reused.

/** One per HTTP answer kind: what an error without a more precise code says. */
export const GENERAL_ERROR_CODES = [
  'invalid_input',
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'too_large',
  'unsupported_media_type',
  'gone',
  'rate_limited',
  'unavailable',
  'internal',
] as const;

/** Precise reasons, each thrown by one domain error. */
export const SPECIFIC_ERROR_CODES = [] as const;

export const ERROR_CODES = [...GENERAL_ERROR_CODES, ...SPECIFIC_ERROR_CODES] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
