import { clearTranslations, loadTranslations } from '@angular/localize';
import { afterEach, describe, expect, it } from 'vitest';

import { rowProblem } from './job-view';

describe('rowProblem', () => {
  afterEach(() => clearTranslations());

  it('keeps the server’s words for the known problems in English', () => {
    expect(rowProblem('text is missing')).toBe('text is missing');
    expect(rowProblem('x must be a number from 0 to 4000')).toBe('x must be a number from 0 to 4,000');
    expect(rowProblem('color must be one of yellow, pink')).toBe('color must be one of yellow, pink');
    expect(rowProblem('the board is full (500 notes)')).toBe('the board is full (500 notes)');
  });

  it('says a known problem in the user’s language, with its numbers in the locale’s digits', () => {
    loadTranslations({ 'jobs.row.textTooLong': 'Text ist länger als {$max} Zeichen' });
    expect(rowProblem('text is longer than 2000 characters', 'de')).toBe('Text ist länger als 2.000 Zeichen');
  });

  it('never passes on server text it does not know', () => {
    expect(rowProblem('The CSV could not be read: bad quote')).toBe('this row could not be read');
  });
});
