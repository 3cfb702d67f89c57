import type { PublicUser } from '@contracts/api';
import type { Conversation } from '@contracts/chat';

import { formatInteger, formatList } from '../i18n/format';
import { pickPlural } from './plural';

export const personName = (user: PublicUser): string => user.displayName || user.username;

/** The people other than me. */
export function others(conversation: Conversation, meId: string): PublicUser[] {
  return conversation.participants.filter((participant) => participant.id !== meId);
}

/** "Bob", "Bob and Carol", "Bob, Carol and 2 others", joined as the locale joins lists. */
export function conversationTitle(conversation: Conversation, meId: string, locale: string): string {
  const names = others(conversation, meId).map(personName);
  if (names.length === 0) {
    return $localize`:@@chat.conversation.onlyYou:Only you`;
  }
  if (names.length <= 2) {
    return formatList(names, locale);
  }
  return formatList([...names.slice(0, 2), othersPhrase(names.length - 2, locale)], locale);
}

/** "2 others" at the end of a title that names only the first people. */
function othersPhrase(count: number, locale: string): string {
  const n = formatInteger(count, locale);
  return pickPlural(count, locale, {
    // English and German never pick `two`, `few` or `many`; Arabic words them differently.
    one: $localize`:@@chat.conversation.others.one:one other`,
    two: $localize`:@@chat.conversation.others.two:two others`,
    few: $localize`:@@chat.conversation.others.few:${n}:count: others`,
    many: $localize`:@@chat.conversation.others.many:${n}:count: others`,
    other: $localize`:@@chat.conversation.others.other:${n}:count: others`,
  });
}

/** Usernames typed into the start form: commas or spaces between them, an @ allowed. */
export function parseUsernames(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((name) => name.replace(/^@/, '').trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}
