import { formatInteger } from '../i18n/format';

export interface ChatArrival {
  author: string;
  text: string;
}

export type Announcement = { kind: 'message'; item: ChatArrival } | { kind: 'joined' | 'left'; item: string };

/** What one window's worth of one kind sounds like: the item itself when alone, a count otherwise. */
export function messagesText(items: readonly ChatArrival[], locale: string): string {
  if (items.length === 1) {
    const author = items[0].author || $localize`:@@a11y.announce.someone:Someone`;
    const text = items[0].text.trim();
    // Encrypted or files-only messages have no text to read here.
    return text
      ? $localize`:@@a11y.announce.message:${author}:name:: ${text}:text:`
      : $localize`:@@a11y.announce.messageFrom:New message from ${author}:name:`;
  }
  const count = formatInteger(items.length, locale);
  switch (pluralOf(items.length, locale)) {
    case 'two':
      return $localize`:@@a11y.announce.messages.two:${count}:count: new messages`;
    case 'few':
      return $localize`:@@a11y.announce.messages.few:${count}:count: new messages`;
    case 'many':
      return $localize`:@@a11y.announce.messages.many:${count}:count: new messages`;
    default:
      return $localize`:@@a11y.announce.messages.other:${count}:count: new messages`;
  }
}

export function joinedText(names: readonly string[], locale: string): string {
  if (names.length === 1) {
    return $localize`:@@a11y.announce.joined:${names[0]}:name: joined the board`;
  }
  const count = formatInteger(names.length, locale);
  switch (pluralOf(names.length, locale)) {
    case 'two':
      return $localize`:@@a11y.announce.joined.two:${count}:count: people joined the board`;
    case 'few':
      return $localize`:@@a11y.announce.joined.few:${count}:count: people joined the board`;
    case 'many':
      return $localize`:@@a11y.announce.joined.many:${count}:count: people joined the board`;
    default:
      return $localize`:@@a11y.announce.joined.other:${count}:count: people joined the board`;
  }
}

export function leftText(names: readonly string[], locale: string): string {
  if (names.length === 1) {
    return $localize`:@@a11y.announce.left:${names[0]}:name: left the board`;
  }
  const count = formatInteger(names.length, locale);
  switch (pluralOf(names.length, locale)) {
    case 'two':
      return $localize`:@@a11y.announce.left.two:${count}:count: people left the board`;
    case 'few':
      return $localize`:@@a11y.announce.left.few:${count}:count: people left the board`;
    case 'many':
      return $localize`:@@a11y.announce.left.many:${count}:count: people left the board`;
    default:
      return $localize`:@@a11y.announce.left.other:${count}:count: people left the board`;
  }
}

/** Summaries are for two or more: 'zero' and 'one' never apply, the rest pick Arabic's forms. */
function pluralOf(count: number, locale: string): Intl.LDMLPluralRule {
  return new Intl.PluralRules(locale).select(count);
}
