import type { ActivityEntry, BoardRole, TrashedNote } from '@contracts/boards';
import type { AnyEventEnvelope } from '@contracts/events';
import { addActivity } from '@contracts/activity';

/**
 * A page joins the feed; entries already there (from live events) are not doubled, and an entry
 * the server has since coalesced into a newer one gives way to it.
 */
export function withPage(feed: readonly ActivityEntry[], page: readonly ActivityEntry[]): ActivityEntry[] {
  return page.reduce<ActivityEntry[]>((merged, entry) => addActivity(merged, entry), [...feed]);
}

/** Who did it and what, in words: "Alice edited “Buy milk”". */
export function activityLine(entry: ActivityEntry, nameOf: (userId: string) => string | undefined): string {
  const actor = entry.actorId === null ? 'Corkboard' : (nameOf(entry.actorId) ?? 'A former member');
  const user = entry.userId === undefined ? 'a member' : (nameOf(entry.userId) ?? 'a former member');
  const note = entry.noteText?.trim() ? `“${entry.noteText.trim()}”` : 'a note';
  switch (entry.kind) {
    case 'note.created':
      return `${actor} added ${note}`;
    case 'note.edited':
      return `${actor} edited ${note}`;
    case 'note.moved':
      return `${actor} moved ${note}`;
    case 'note.recolored':
      return `${actor} recoloured ${note}`;
    case 'note.deleted':
      return `${actor} deleted ${note}`;
    case 'note.restored':
      return `${actor} restored ${note}`;
    case 'member.joined':
      return `${entry.userId ? capitalised(user) : actor} joined${entry.role ? ` as ${roleWord(entry.role)}` : ''}`;
    case 'member.left':
      return `${entry.userId ? capitalised(user) : actor} left the board`;
    case 'member.removed':
      return `${actor} removed ${user}`;
    case 'member.role_changed':
      return `${actor} made ${user} ${entry.role ? `${article(entry.role)} ${roleWord(entry.role)}` : 'a member'}`;
    case 'board.owner_changed':
      return `${actor} handed ownership to ${user}`;
    case 'trash.emptied':
      return `${actor} emptied the trash`;
    case 'vote.started':
      return `${actor} started a vote`;
    case 'vote.ended':
      return `${actor} ended the vote`;
  }
}

/** The trash as an event leaves it, or 'refetch' when the event says more changed than it carries (a deletion, a reset). */
export function trashAfter(trash: readonly TrashedNote[], event: AnyEventEnvelope): readonly TrashedNote[] | 'refetch' {
  switch (event.type) {
    case 'note.deleted':
      return 'refetch';
    case 'note.created':
      return event.data.restored ? trash.filter((item) => item.note.id !== event.data.note.id) : trash;
    case 'trash.emptied':
      return [];
    case 'reset':
      return 'refetch';
    default:
      return trash;
  }
}

function roleWord(role: BoardRole): string {
  return role;
}

function article(role: BoardRole): string {
  return role === 'editor' || role === 'owner' ? 'an' : 'a';
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
