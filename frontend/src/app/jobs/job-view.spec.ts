import { clearTranslations, loadTranslations } from '@angular/localize';
import { afterEach, describe, expect, it } from 'vitest';

import { rowProblem } from './job-view';

describe('rowProblem', () => {
  afterEach(() => clearTranslations());

  it('says each problem in English with the board’s own limits', () => {
    expect(rowProblem({ problem: 'text_missing' })).toBe('text is missing');
    expect(rowProblem({ problem: 'x_out_of_range' })).toBe('x must be a number from 0 to 4,000');
    expect(rowProblem({ problem: 'unknown_color' })).toMatch(/^color must be one of yellow, /);
    expect(rowProblem({ problem: 'board_full' })).toBe('the board is full (500 notes)');
  });

  it('says a known problem in the user’s language, with its numbers in the locale’s digits', () => {
    loadTranslations({ 'jobs.row.textTooLong': 'Text ist länger als {$max} Zeichen' });
    expect(rowProblem({ problem: 'text_too_long' }, 'de')).toBe('Text ist länger als 5.000 Zeichen');
  });

  it('has a sentence of its own for a problem it does not know', () => {
    expect(rowProblem({ problem: 'from_a_newer_server' as never })).toBe('this row could not be read');
  });
});
