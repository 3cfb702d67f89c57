import { formatInteger } from '../i18n/format';

export interface ChatArrival {
  author: string;
  text: string;
  /** Said with the message when it arrives somewhere the user does not see (the collapsed board chat). */
  where?: 'boardChat';
}

export type Announcement = { kind: 'message'; item: ChatArrival } | { kind: 'joined' | 'left' | 'news'; item: string };

/** What one window's worth of one kind sounds like: the item itself when alone, a count otherwise. */
export function messagesText(items: readonly ChatArrival[], locale: string): string {
  if (items.length === 1) {
    const author = items[0].author || $localize`:@@a11y.announce.someone:Someone`;
    const text = items[0].text.trim();
    // Encrypted or files-only messages have no text to read here.
    if (items[0].where === 'boardChat') {
      return text
        ? $localize`:@@a11y.announce.boardChatMessage:${author}:name: in the board chat: ${text}:text:`
        : $localize`:@@a11y.announce.boardChatMessageFrom:New message from ${author}:name: in the board chat`;
    }
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

/** The leading note of an ended vote as its results list shows it first: its excerpt and dots. */
export interface VoteLeader {
  note: string;
  dots: number;
}

/** Said when a vote ends live: the note the results list shows first, or that nobody voted. */
export function voteEndedText(leader: VoteLeader | null, totalDots: number, locale: string): string {
  if (totalDots === 0) {
    return $localize`:@@a11y.announce.voteEnded.none:The vote has ended: no dots were placed`;
  }
  if (!leader) {
    // Every note with dots was deleted since: nothing to name.
    return $localize`:@@a11y.announce.voteEnded:The vote has ended`;
  }
  const note = leader.note;
  const count = formatInteger(leader.dots, locale);
  switch (pluralOf(leader.dots, locale)) {
    case 'one':
      return $localize`:@@a11y.announce.voteEnded.one:The vote has ended: “${note}:note:” leads with ${count}:count: dot`;
    case 'two':
      return $localize`:@@a11y.announce.voteEnded.two:The vote has ended: “${note}:note:” leads with ${count}:count: dots`;
    case 'few':
      return $localize`:@@a11y.announce.voteEnded.few:The vote has ended: “${note}:note:” leads with ${count}:count: dots`;
    case 'many':
      return $localize`:@@a11y.announce.voteEnded.many:The vote has ended: “${note}:note:” leads with ${count}:count: dots`;
    default:
      return $localize`:@@a11y.announce.voteEnded.other:The vote has ended: “${note}:note:” leads with ${count}:count: dots`;
  }
}

/** How the board's timer came to an end (see facilitation/timer-news.ts). */
export type TimerNews = 'up' | 'stopped' | 'reset';

export function timerText(news: TimerNews): string {
  switch (news) {
    case 'up':
      return $localize`:@@a11y.announce.timerUp:Time is up`;
    case 'stopped':
      return $localize`:@@a11y.announce.timerStopped:The timer was stopped`;
    case 'reset':
      return $localize`:@@a11y.announce.timerReset:The timer was reset`;
  }
}

/** Summaries are for two or more ('zero' and 'one' never apply there); the rest pick Arabic's forms. */
function pluralOf(count: number, locale: string): Intl.LDMLPluralRule {
  return new Intl.PluralRules(locale).select(count);
}
