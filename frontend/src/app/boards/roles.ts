import type { PublicUser } from '@contracts/api';
import type { Board, BoardInvitation, BoardRole, InviteLink } from '@contracts/boards';
import type { EventMap } from '@contracts/events';

import { relativeTime } from '../i18n/format';

// Pure state transitions for roles, invitations and invite links; stores and panels apply them to their signals.

/** The board after a role change or an ownership transfer; the same object when nothing changed. */
export function withRoleChanged(board: Board, { userId, role, ownerId }: EventMap['board.role_changed']): Board {
  const member = board.members.find((known) => known.id === userId);
  if (!member || (member.role === role && board.ownerId === ownerId)) {
    return board;
  }
  return { ...board, ownerId, members: board.members.map((known) => (known.id === userId ? { ...known, role } : known)) };
}

/** The board with this member added (or their role brought up to date); the same object when nothing changed. */
export function withMember(board: Board, member: PublicUser, role: BoardRole): Board {
  const known = board.members.find((candidate) => candidate.id === member.id);
  if (known?.role === role) {
    return board;
  }
  return known
    ? { ...board, members: board.members.map((candidate) => (candidate.id === member.id ? { ...candidate, role } : candidate)) }
    : { ...board, members: [...board.members, { ...member, role }] };
}

/** A pending list after an invitation event: pending ones are added or replaced, any other status takes it off. */
export function withInvitation(list: readonly BoardInvitation[], invitation: BoardInvitation): readonly BoardInvitation[] {
  const rest = list.filter((known) => known.id !== invitation.id);
  if (invitation.status !== 'pending') {
    return rest.length === list.length ? list : rest;
  }
  return [...rest, invitation].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Links still usable at `now`: not expired and not used up. */
export function liveLinks(links: readonly InviteLink[], now: number): InviteLink[] {
  return links.filter((link) => Date.parse(link.expiresAt) > now && (link.maxUses === undefined || link.uses < link.maxUses));
}

export const ROLE_LABELS: Record<BoardRole, string> = {
  owner: $localize`:@@boards.role.owner:Owner`,
  editor: $localize`:@@boards.role.editor:Editor`,
  viewer: $localize`:@@boards.role.viewer:Viewer`,
};

/** Expiry choices offered for invite links, in seconds. */
export const LINK_EXPIRY_PRESETS = [
  { label: $localize`:@@boards.link.expiry.hour:1 hour`, seconds: 3600 },
  { label: $localize`:@@boards.link.expiry.day:1 day`, seconds: 86_400 },
  { label: $localize`:@@boards.link.expiry.week:7 days`, seconds: 7 * 86_400 },
  { label: $localize`:@@boards.link.expiry.month:30 days`, seconds: 30 * 86_400 },
] as const;

/**
 * "in 5 minutes", "in 3 Stunden", "tomorrow", "خلال 3 أيام": how long a link has left, said like
 * every other time in the app; the last minute still reads as time left, not "just now".
 */
export function expiresIn(iso: string, now: number, locale: string): string {
  const left = Date.parse(iso) - now;
  if (!Number.isFinite(left) || left <= 0) {
    return $localize`:@@boards.link.expired:expired`;
  }
  return relativeTime(now + Math.max(left, 60_000), now, locale);
}
