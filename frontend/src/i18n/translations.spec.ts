import { SUPPORTED_LOCALES, SOURCE_LOCALE } from '@contracts/i18n';

import { bundle as arabic } from './ar';
import type { Translations } from './bundle';
import { bundle as german } from './de';
import source from './messages.json';

const messages: Translations = source.translations;
const translated: Record<string, Translations> = { de: german.translations, ar: arabic.translations };

/** Placeholders a translation must keep: `{$NAME}` interpolations, ICU variables and ICU-case interpolations. */
function placeholders(text: string): string[] {
  const found = text.match(/\{\$[A-Za-z0-9_]+\}|\bVAR_[A-Z0-9_]+\b|\{INTERPOLATION(?:_\d+)?\}|\{[A-Z_]+_TAG(?:_[A-Z0-9_]+)?\}/g) ?? [];
  return [...new Set(found)].sort();
}

describe('translations', () => {
  it('covers every shipped language', () => {
    expect(Object.keys(translated).sort()).toEqual(SUPPORTED_LOCALES.filter((locale) => locale !== SOURCE_LOCALE).sort());
  });

  for (const [locale, table] of Object.entries(translated)) {
    describe(locale, () => {
      it('translates every message of the app', () => {
        const missing = Object.keys(messages).filter((id) => !(id in table));
        expect(missing).toEqual([]);
      });

      it('has no translation for a message the app no longer has', () => {
        const stale = Object.keys(table).filter((id) => !(id in messages));
        expect(stale).toEqual([]);
      });

      it('keeps every placeholder of the English text', () => {
        const broken = Object.keys(messages)
          .filter((id) => id in table)
          .filter((id) => placeholders(messages[id]).join() !== placeholders(table[id]).join())
          .map((id) => `${id}: ${messages[id]} → ${table[id]}`);
        expect(broken).toEqual([]);
      });

      it('is not English left untranslated', () => {
        const same = Object.keys(messages).filter((id) => table[id] === messages[id] && /[a-z]{4,}/.test(messages[id]));
        // Brand names and symbols may stay as they are; sentences may not.
        expect(same.filter((id) => messages[id].split(' ').length > 2)).toEqual([]);
      });
    });
  }
});
