import { HttpErrorResponse } from '@angular/common/http';
import { clearTranslations, loadTranslations } from '@angular/localize';
import { afterEach, describe, expect, it } from 'vitest';

import type { ErrorBody, FieldError } from '@contracts/api';

import { bundle as german } from '../../i18n/de';
import { errorCode, errorMessages } from './api-error';

function answer(status: number, body: Partial<ErrorBody>): HttpErrorResponse {
  return new HttpErrorResponse({ status, error: { statusCode: status, error: 'Error', message: 'English for developers', ...body } });
}

function invalid(...fields: Omit<FieldError, 'message'>[]): HttpErrorResponse {
  return answer(400, {
    code: 'validation_failed',
    message: fields.map((field) => `${field.field} is wrong`),
    fields: fields.map((field) => ({ ...field, message: `${field.field} is wrong` })),
  });
}

describe('errorMessages', () => {
  it('shows the app’s text for the code, never the server’s sentence', () => {
    const taken = answer(409, { code: 'username_taken', message: 'Username "ada" is already taken' });
    expect(errorMessages(taken)).toEqual(['This username is already taken. Choose another one.']);
    expect(errorMessages(answer(404, { code: 'board_not_found' }))).toEqual(['This board does not exist, or it was deleted.']);
    expect(errorMessages(answer(403, { code: 'viewer_read_only' }))).toEqual([
      'You can view this board but not change it. Ask the owner for the editor role.',
    ]);
  });

  it('falls back to the general text of the status for a code it has no words for, or none', () => {
    expect(errorMessages(answer(400, { code: 'bad_signature' }))).toEqual(['Check what you entered and try again.']);
    expect(errorMessages(answer(403, { code: 'forbidden' }))).toEqual(['You aren’t allowed to do that.']);
    // A newer server's code, and a body without one (an old server, a proxy).
    expect(errorMessages(answer(409, { code: 'brand_new' as ErrorBody['code'] }))).toEqual([
      'This changed in the meantime. Reload and try again.',
    ]);
    expect(errorMessages(new HttpErrorResponse({ status: 429, error: { message: 'Slow down' } }))).toEqual([
      'Too many requests. Wait a moment, then try again.',
    ]);
  });

  it('says when the server cannot be reached', () => {
    expect(errorMessages(new HttpErrorResponse({ status: 0 }))).toEqual(['Cannot reach the server. Check your connection and try again.']);
  });

  it('says the server failed for a 5xx without a body of ours', () => {
    expect(errorMessages(new HttpErrorResponse({ status: 500, error: '<html>Oops</html>' }))).toEqual([
      'Something went wrong on the server. Please try again.',
    ]);
    expect(errorMessages(new HttpErrorResponse({ status: 502, error: '<html>Bad gateway</html>' }))).toEqual([
      'The server is busy right now. Try again in a moment.',
    ]);
  });

  it('says something went wrong for what is not an HTTP answer', () => {
    expect(errorMessages(new TypeError('x is undefined'))).toEqual(['Something went wrong. Please try again.']);
  });

  describe('validation errors', () => {
    it('explains the rules of fields the app has forms for', () => {
      expect(errorMessages(invalid({ field: 'username', rule: 'matches' }, { field: 'password', rule: 'isLength' }))).toEqual([
        'A username is 3 to 32 characters: lowercase letters a–z, digits and _ . -',
        'A password is 8 to 128 characters.',
      ]);
      expect(errorMessages(invalid({ field: 'text', rule: 'maxLength' }))).toEqual(['This note’s text is too long.']);
      expect(errorMessages(invalid({ field: 'title', rule: 'isLength' }))).toEqual(['A title is 1 to 100 characters.']);
    });

    it('reads a nested field by its own name', () => {
      expect(errorMessages(invalid({ field: 'notes.3.text', rule: 'maxLength' }))).toEqual(['This note’s text is too long.']);
    });

    it('says what a rule means for other fields, once per sentence', () => {
      expect(errorMessages(invalid({ field: 'sdp', rule: 'maxLength' }, { field: 'candidate', rule: 'maxLength' }))).toEqual([
        'This is too long.',
      ]);
      expect(errorMessages(invalid({ field: 'media', rule: 'isIn' }))).toEqual(['Choose one of the options offered.']);
    });

    it('adds the general sentence for a rule it does not know, or no fields at all', () => {
      expect(errorMessages(invalid({ field: 'title', rule: 'isLength' }, { field: 'extra', rule: 'whitelistValidation' }))).toEqual([
        'A title is 1 to 100 characters.',
        'Check what you entered and try again.',
      ]);
      expect(errorMessages(answer(400, { code: 'validation_failed' }))).toEqual(['Check what you entered and try again.']);
    });
  });

  describe('in German', () => {
    afterEach(() => clearTranslations());

    it('speaks the loaded language', () => {
      loadTranslations(german.translations);
      expect(errorMessages(answer(401, { code: 'invalid_credentials' }))).toEqual(['Falscher Benutzername oder falsches Passwort.']);
      expect(errorMessages(invalid({ field: 'password', rule: 'isLength' }))).toEqual(['Ein Passwort hat 8 bis 128 Zeichen.']);
    });
  });
});

describe('errorCode', () => {
  it('reads a code the app knows, and nothing else', () => {
    expect(errorCode(answer(409, { code: 'stale_note' }))).toBe('stale_note');
    expect(errorCode(answer(409, { code: 'made_up' as ErrorBody['code'] }))).toBeUndefined();
    expect(errorCode(new HttpErrorResponse({ status: 502, error: '<html></html>' }))).toBeUndefined();
    expect(errorCode(new Error('no'))).toBeUndefined();
  });
});
