import { describe, expect, it } from 'vitest';

import { decideLocale, type LocaleFacts } from './locale-decision';

const facts = (overrides: Partial<LocaleFacts>): LocaleFacts => ({
  server: null,
  running: 'en',
  stored: null,
  unsent: false,
  reloadedFor: null,
  ...overrides,
});

describe('decideLocale', () => {
  it('restarts in the language the user chose on another device', () => {
    expect(decideLocale(facts({ server: 'de', running: 'en' }))).toEqual({ kind: 'reload', locale: 'de' });
    expect(decideLocale(facts({ server: 'ar', running: 'de', stored: 'de' }))).toEqual({ kind: 'reload', locale: 'ar' });
  });

  it('restarts only once for the same language, so a failing language cannot loop', () => {
    expect(decideLocale(facts({ server: 'de', running: 'en', reloadedFor: 'de' }))).toEqual({ kind: 'store', locale: 'de' });
    expect(decideLocale(facts({ server: 'ar', running: 'en', reloadedFor: 'de' }))).toEqual({ kind: 'reload', locale: 'ar' });
  });

  it('only remembers the server’s language when the app already speaks it', () => {
    expect(decideLocale(facts({ server: 'de', running: 'de', stored: null }))).toEqual({ kind: 'store', locale: 'de' });
    expect(decideLocale(facts({ server: 'de', running: 'de', stored: 'de' }))).toEqual({ kind: 'none' });
  });

  it('teaches the server this browser’s explicit choice when it has none', () => {
    expect(decideLocale(facts({ server: null, running: 'de', stored: 'de' }))).toEqual({ kind: 'send', locale: 'de' });
    expect(decideLocale(facts({ server: undefined, running: 'ar', stored: 'ar' }))).toEqual({ kind: 'send', locale: 'ar' });
  });

  it('sends nothing when neither side has chosen (the browser language decides)', () => {
    expect(decideLocale(facts({ server: null, running: 'de', stored: null }))).toEqual({ kind: 'none' });
    expect(decideLocale(facts({ server: null, running: 'en', stored: 'klingon' }))).toEqual({ kind: 'none' });
  });

  it('sends a choice made here that the server never heard, instead of undoing it', () => {
    expect(decideLocale(facts({ server: 'de', running: 'ar', stored: 'ar', unsent: true }))).toEqual({ kind: 'send', locale: 'ar' });
    expect(decideLocale(facts({ server: 'ar', running: 'ar', stored: 'ar', unsent: true }))).toEqual({ kind: 'none' });
  });
});
