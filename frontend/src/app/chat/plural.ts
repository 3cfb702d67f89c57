/** One text per CLDR plural category; English and German use one/other, Arabic all of them. */
export interface PluralTexts {
  readonly zero?: string;
  readonly one: string;
  readonly two: string;
  readonly few: string;
  readonly many: string;
  readonly other: string;
}

/**
 * $localize has no ICU, so text counted in code (a page title, a computed label) is one message
 * per category, picked by the locale's own plural rules.
 */
export function pickPlural(count: number, locale: string, texts: PluralTexts): string {
  const category = new Intl.PluralRules(locale).select(count);
  return (category === 'zero' ? texts.zero : category === 'one' ? texts.one : texts[category]) ?? texts.other;
}
