import { HttpErrorResponse } from '@angular/common/http';

/**
 * The server could not be reached (status 0) or could not answer (5xx, a gateway's 504):
 * stored data may stand in. A 4xx is an answer and never is.
 */
export function isUnreachable(error: unknown): boolean {
  return error instanceof HttpErrorResponse && (error.status === 0 || error.status >= 500);
}
