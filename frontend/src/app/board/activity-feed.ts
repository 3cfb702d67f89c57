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

/**
 * Who did it and what, in words: "Alice edited “Buy milk”". Whole sentences per kind (and per role),
 * so each language orders and inflects them its own way; the names and the note are placeholders.
 */
export function activityLine(entry: ActivityEntry, nameOf: (userId: string) => string | undefined, rtlPage = false): string {
  const named = (userId: string): string | undefined => {
    const name = nameOf(userId);
    return name === undefined ? undefined : isolated(name, rtlPage);
  };
  const formerActor = (): string => $localize`:@@board.activity.formerMemberActor:A former member`;
  const actor = entry.actorId === null ? 'Corkboard' : (named(entry.actorId) ?? formerActor());
  const user =
    entry.userId === undefined
      ? $localize`:@@board.activity.aMember:a member`
      : (named(entry.userId) ?? $localize`:@@board.activity.formerMember:a former member`);
  const trimmed = entry.noteText?.trim();
  const text = trimmed ? isolated(trimmed, rtlPage) : undefined;
  const note = text ? $localize`:@@board.activity.quoted:“${text}:text:”` : $localize`:@@board.activity.aNote:a note`;
  // Joined or left: the member themself (a name as it is, not capitalised), or whoever acted for them.
  const who = entry.userId ? (named(entry.userId) ?? formerActor()) : actor;
  switch (entry.kind) {
    case 'note.created':
      return $localize`:@@board.activity.noteCreated:${actor}:actor: added ${note}:note:`;
    case 'note.edited':
      return $localize`:@@board.activity.noteEdited:${actor}:actor: edited ${note}:note:`;
    case 'note.moved':
      return $localize`:@@board.activity.noteMoved:${actor}:actor: moved ${note}:note:`;
    case 'note.recolored':
      return $localize`:@@board.activity.noteRecolored:${actor}:actor: recoloured ${note}:note:`;
    case 'note.deleted':
      return $localize`:@@board.activity.noteDeleted:${actor}:actor: deleted ${note}:note:`;
    case 'note.restored':
      return $localize`:@@board.activity.noteRestored:${actor}:actor: restored ${note}:note:`;
    case 'member.joined':
      return joined(who, entry.role);
    case 'member.left':
      return $localize`:@@board.activity.memberLeft:${who}:user: left the board`;
    case 'member.removed':
      return $localize`:@@board.activity.memberRemoved:${actor}:actor: removed ${user}:user:`;
    case 'member.role_changed':
      return roleChanged(actor, user, entry.role);
    case 'board.owner_changed':
      return $localize`:@@board.activity.ownerChanged:${actor}:actor: handed ownership to ${user}:user:`;
    case 'trash.emptied':
      return $localize`:@@board.activity.trashEmptied:${actor}:actor: emptied the trash`;
    case 'vote.started':
      return $localize`:@@board.activity.voteStarted:${actor}:actor: started a vote`;
    case 'vote.ended':
      return $localize`:@@board.activity.voteEnded:${actor}:actor: ended the vote`;
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

function joined(who: string, role: BoardRole | undefined): string {
  switch (role) {
    case 'owner':
      return $localize`:@@board.activity.joinedOwner:${who}:user: joined as owner`;
    case 'editor':
      return $localize`:@@board.activity.joinedEditor:${who}:user: joined as editor`;
    case 'viewer':
      return $localize`:@@board.activity.joinedViewer:${who}:user: joined as viewer`;
    case undefined:
      return $localize`:@@board.activity.joined:${who}:user: joined`;
  }
}

function roleChanged(actor: string, user: string, role: BoardRole | undefined): string {
  switch (role) {
    case 'owner':
      return $localize`:@@board.activity.madeOwner:${actor}:actor: made ${user}:user: an owner`;
    case 'editor':
      return $localize`:@@board.activity.madeEditor:${actor}:actor: made ${user}:user: an editor`;
    case 'viewer':
      return $localize`:@@board.activity.madeViewer:${actor}:actor: made ${user}:user: a viewer`;
    case undefined:
      return $localize`:@@board.activity.madeMember:${actor}:actor: made ${user}:user: a member`;
  }
}

const RTL_CHARS = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

/**
 * User text inside a sentence, wrapped in Unicode isolates (FSI…PDI) when its direction may differ
 * from the sentence's: Arabic text in an English line, or any text on a right-to-left page. Without
 * them the quotes and the words around it are reordered by the bidi algorithm.
 */
export function isolated(text: string, rtlPage: boolean): string {
  return rtlPage || RTL_CHARS.test(text) ? `\u2068${text}\u2069` : text;
}
