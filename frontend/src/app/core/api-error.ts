import { HttpErrorResponse } from '@angular/common/http';

import type { ErrorBody } from '@contracts/api';

/** Turns any failed request into sentences a user can read, preferring the server's own words. */
export function errorMessages(error: unknown): string[] {
  if (!(error instanceof HttpErrorResponse)) {
    return ['Something went wrong. Please try again.'];
  }
  const message = isErrorBody(error.error) ? error.error.message : undefined;
  if (Array.isArray(message) && message.length > 0) {
    return message.map(String);
  }
  if (typeof message === 'string' && message.trim() !== '') {
    return [message];
  }
  if (error.status === 0) {
    return ['Cannot reach the server. Check your connection and try again.'];
  }
  return [`Request failed (${error.status}). Please try again.`];
}

function isErrorBody(body: unknown): body is Partial<ErrorBody> {
  return typeof body === 'object' && body !== null && 'message' in body;
}
