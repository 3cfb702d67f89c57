import type { PublicUser } from '@contracts/api';
import type { Conversation } from '@contracts/chat';

export const personName = (user: PublicUser): string => user.displayName || user.username;

/** The people other than me. */
export function others(conversation: Conversation, meId: string): PublicUser[] {
  return conversation.participants.filter((participant) => participant.id !== meId);
}

/** "Bob", "Bob and Carol", "Bob, Carol and 2 others". */
export function conversationTitle(conversation: Conversation, meId: string): string {
  const names = others(conversation, meId).map(personName);
  if (names.length === 0) {
    return 'Only you';
  }
  if (names.length <= 2) {
    return names.join(' and ');
  }
  const rest = names.length - 2;
  return `${names.slice(0, 2).join(', ')} and ${rest} ${rest === 1 ? 'other' : 'others'}`;
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
