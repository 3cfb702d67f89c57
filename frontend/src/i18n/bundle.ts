/** Message id (the `@@id` in templates and `$localize`) → translated text with the same placeholders. */
export type Translations = Readonly<Record<string, string>>;

export interface LocaleBundle {
  /** Angular's CLDR data for dates, numbers and plurals (`@angular/common/locales/<locale>`). */
  localeData: unknown[];
  translations: Translations;
}
