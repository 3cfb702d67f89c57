import type { PublicUser } from '@contracts/api';
import { findMentions } from '@contracts/mentions';

// While typing: an @ not glued to a word, then what is typed so far up to the caret.
const TYPING_MENTION = /(^|[^A-Za-z0-9_.-])@([A-Za-z0-9_.-]{0,32})$/;

export const MAX_SUGGESTIONS = 6;

export interface TextSegment {
  text: string;
  /** Set when the segment is an @mention of a room member; 'me' when it names the reader. */
  mention?: 'me' | 'member';
}

/** Splits plain text into runs and @mentions of known members, for rendering as spans (never as HTML). */
export function mentionSegments(content: string, usernames: ReadonlySet<string>, me?: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let from = 0;
  for (const { start, end, username } of findMentions(content, (name) => usernames.has(name))) {
    if (start > from) {
      segments.push({ text: content.slice(from, start) });
    }
    segments.push({ text: content.slice(start, end), mention: username === me ? 'me' : 'member' });
    from = end;
  }
  if (from < content.length || segments.length === 0) {
    segments.push({ text: content.slice(from) });
  }
  return segments;
}

export interface ActiveMention {
  /** Index of the @. */
  start: number;
  /** What follows the @ up to the caret, lower-cased. */
  query: string;
}

/** The @mention being typed at the caret, if any. */
export function activeMention(text: string, caret: number): ActiveMention | null {
  const match = TYPING_MENTION.exec(text.slice(0, caret));
  if (!match) {
    return null;
  }
  return { start: caret - match[2].length - 1, query: match[2].toLowerCase() };
}

/** Members worth suggesting for `query`: username prefix first, then a word of the display name. */
export function suggestMembers(members: readonly PublicUser[], query: string, excludeId?: string): PublicUser[] {
  const q = query.toLowerCase();
  const rank = (member: PublicUser): number => {
    if (member.username.startsWith(q)) {
      return 0;
    }
    return member.displayName
      .toLowerCase()
      .split(/\s+/)
      .some((word) => word.startsWith(q))
      ? 1
      : -1;
  };
  return members
    .filter((member) => member.id !== excludeId)
    .map((member) => ({ member, rank: rank(member) }))
    .filter(({ rank }) => rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.member.username.localeCompare(b.member.username))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ member }) => member);
}

/** Replaces the typed `@que` with `@username ` and says where the caret goes. */
export function completeMention(text: string, mention: ActiveMention, caret: number, username: string): { text: string; caret: number } {
  const rest = text.slice(caret);
  const inserted = `@${username}${rest.startsWith(' ') ? '' : ' '}`;
  return { text: text.slice(0, mention.start) + inserted + rest, caret: mention.start + inserted.length + (rest.startsWith(' ') ? 1 : 0) };
}
