import { HttpErrorResponse } from '@angular/common/http';

import type { ErrorBody, FieldError } from '@contracts/api';
import { generalCodeOfStatus, isErrorCode, type ErrorCode } from '@contracts/errors';

import { FIELD_TEXTS, GENERAL_TEXTS, RULE_TEXTS, SPECIFIC_TEXTS, UNKNOWN_FAILURE, UNREACHABLE } from './error-texts';

/**
 * Turns any failed request into sentences a user can read, in their language: the app's own text
 * for the answer's `code` (and, for a 400 validation error, for each field and rule), never the
 * server's English `message`.
 */
export function errorMessages(error: unknown): string[] {
  if (!(error instanceof HttpErrorResponse)) {
    return [UNKNOWN_FAILURE()];
  }
  if (error.status === 0) {
    return [UNREACHABLE()];
  }
  const code = errorCode(error);
  if (code === 'validation_failed') {
    return validationMessages(fieldsOf(error.error));
  }
  const text = code === undefined ? undefined : SPECIFIC_TEXTS[code];
  return [(text ?? generalText(error.status))()];
}

/** The app's text for a code that did not come with an HTTP answer (a failed job's `errorCode`). */
export function textForCode(code: ErrorCode | undefined): string {
  if (code === undefined) {
    return UNKNOWN_FAILURE();
  }
  const general = (GENERAL_TEXTS as Partial<Record<ErrorCode, () => string>>)[code];
  return (SPECIFIC_TEXTS[code] ?? general ?? UNKNOWN_FAILURE)();
}

/** The answer's code, when it is one this app knows; a proxy's HTML page or a newer server's code is not. */
export function errorCode(error: unknown): ErrorCode | undefined {
  if (!(error instanceof HttpErrorResponse)) {
    return undefined;
  }
  const body = error.error as Partial<ErrorBody> | null | undefined;
  return typeof body === 'object' && body !== null && isErrorCode(body.code) ? body.code : undefined;
}

function validationMessages(fields: readonly FieldError[]): string[] {
  const texts = fields.map(({ field, rule }) => FIELD_TEXTS[`${lastSegment(field)}.${rule}`] ?? RULE_TEXTS[rule]);
  const known = texts.filter((text) => text !== undefined);
  // One sentence per distinct problem; any field the app has no words for gets the general one.
  const sentences = known.map((text) => text());
  if (known.length < texts.length || sentences.length === 0) {
    sentences.push(GENERAL_TEXTS.validation_failed());
  }
  return [...new Set(sentences)];
}

// `items.0.text` is a note's text like `text` is: the app's words are per property, not per path.
function lastSegment(field: string): string {
  return field.slice(field.lastIndexOf('.') + 1);
}

function fieldsOf(body: unknown): FieldError[] {
  const fields = typeof body === 'object' && body !== null ? (body as Partial<ErrorBody>).fields : undefined;
  return Array.isArray(fields) ? fields.filter((field) => typeof field?.field === 'string' && typeof field.rule === 'string') : [];
}

function generalText(status: number): () => string {
  const general = generalCodeOfStatus(status);
  return general === undefined ? UNKNOWN_FAILURE : GENERAL_TEXTS[general];
}
