import { HttpErrorResponse } from '@angular/common/http';
import { describe, expect, it } from 'vitest';

import { errorMessages } from './api-error';

describe('errorMessages', () => {
  it('uses the server sentence', () => {
    const error = new HttpErrorResponse({ status: 409, error: { statusCode: 409, error: 'Conflict', message: 'username taken' } });
    expect(errorMessages(error)).toEqual(['username taken']);
  });

  it('lists every field message of a 400', () => {
    const error = new HttpErrorResponse({ status: 400, error: { statusCode: 400, error: 'Bad Request', message: ['a', 'b'] } });
    expect(errorMessages(error)).toEqual(['a', 'b']);
  });

  it('says when the server cannot be reached', () => {
    expect(errorMessages(new HttpErrorResponse({ status: 0 }))).toEqual(['Cannot reach the server. Check your connection and try again.']);
  });

  it('falls back to the status when the body has no message', () => {
    expect(errorMessages(new HttpErrorResponse({ status: 502, error: '<html>Bad gateway</html>' }))).toEqual([
      'Request failed (502). Please try again.',
    ]);
  });
});
