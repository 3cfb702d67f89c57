import type { PublicUser } from '@contracts/api';
import type { Board, BoardInvitation, BoardRole, InviteLink } from '@contracts/boards';
import type { EventMap } from '@contracts/events';

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

export const ROLE_LABELS: Record<BoardRole, string> = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' };

/** Expiry choices offered for invite links, in seconds. */
export const LINK_EXPIRY_PRESETS = [
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86_400 },
  { label: '7 days', seconds: 7 * 86_400 },
  { label: '30 days', seconds: 30 * 86_400 },
] as const;

/** "in 5 min", "in 3 h", "in 2 d": how long a link has left. */
export function expiresIn(iso: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    return 'expired';
  }
  if (seconds < 3600) {
    return `in ${Math.max(1, Math.floor(seconds / 60))} min`;
  }
  if (seconds < 86_400) {
    return `in ${Math.floor(seconds / 3600)} h`;
  }
  return `in ${Math.floor(seconds / 86_400)} d`;
}
