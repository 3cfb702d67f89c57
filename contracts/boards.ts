import type { PublicUser } from './api';

export const NOTE_COLORS = ['yellow', 'pink', 'blue', 'green', 'orange', 'purple'] as const;
export type NoteColor = (typeof NOTE_COLORS)[number];

/** Board coordinates are in [0, BOARD_SIZE]. */
export const BOARD_WIDTH = 4000;
export const BOARD_HEIGHT = 3000;
export const MAX_NOTES_PER_BOARD = 500;
export const MAX_NOTE_TEXT = 5000;

/**
 * What a member may do on a board. The owner (one per board, `Board.ownerId`) manages members,
 * roles, invitations, links and the trash; editors write notes and run votes and the timer;
 * viewers see everything live, chat and vote, and every note write from them gets 403.
 */
export const BOARD_ROLES = ['owner', 'editor', 'viewer'] as const;
export type BoardRole = (typeof BOARD_ROLES)[number];
/** Roles that can be given by invitation, link or PATCH; ownership moves only by transfer. */
export const ASSIGNABLE_ROLES = ['editor', 'viewer'] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

export interface BoardMember extends PublicUser {
  role: BoardRole;
}

export interface Board {
  id: string;
  title: string;
  ownerId: string;
  /** In join order; the owner's role is 'owner'. */
  members: BoardMember[];
  createdAt: string;
}

/** True when the role may create, edit, move, recolour, delete and restore notes. */
export function canEditNotes(role: BoardRole | undefined): boolean {
  return role === 'owner' || role === 'editor';
}

/** The user's role on the board; undefined for a non-member. */
export function roleOf(board: Pick<Board, 'members'>, userId: string | undefined): BoardRole | undefined {
  return board.members.find((member) => member.id === userId)?.role;
}

export interface Note {
  id: string;
  boardId: string;
  text: string;
  x: number;
  y: number;
  color: NoteColor;
  /** Starts at 1, +1 on every change: apply events by version, never older over newer. */
  version: number;
  createdBy: string;
  updatedAt: string;
}

/** GET /api/boards/:id: the board, every note, and the stream cursor the snapshot matches. */
export interface BoardSnapshot {
  board: Board;
  notes: Note[];
  /**
   * Resume cursor of the board's channel as of this snapshot: pass it to the stream
   * (`?lastEventId=` merged with the stream cursor) to get exactly the events after it.
   */
  cursor: string;
}

export interface CreateBoardRequest {
  title: string;
}

export interface CreateNoteRequest {
  text: string;
  x: number;
  y: number;
  color: NoteColor;
  clientId?: string;
}

export interface UpdateNoteRequest {
  text?: string;
  x?: number;
  y?: number;
  color?: NoteColor;
  /** Send the version you edited: a stale one is answered 409 with the current note. */
  version?: number;
  clientId?: string;
}

/** The note fields a user can change; note.updated lists the ones a write changed. */
export type NoteField = 'text' | 'x' | 'y' | 'color';

export interface NoteConflict {
  statusCode: 409;
  error: 'Conflict';
  message: string;
  current: Note;
}

// ---------------------------------------------------------------- members, invitations, links

/** PATCH /api/boards/:id/members/:userId (owner only). */
export interface ChangeRoleRequest {
  role: AssignableRole;
}

/** POST /api/boards/:id/owner (owner only): the new owner must be a member; the old owner becomes an editor. */
export interface TransferOwnershipRequest {
  userId: string;
}

/** POST /api/boards/:id/members (owner only): invites; the user joins only when they accept. */
export interface InviteMemberRequest {
  username: string;
  /** Defaults to 'editor'. */
  role?: AssignableRole;
}

export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'cancelled';

export interface BoardInvitation {
  id: string;
  boardId: string;
  boardTitle: string;
  role: AssignableRole;
  invitee: PublicUser;
  invitedBy: PublicUser;
  status: InvitationStatus;
  createdAt: string;
}

/** Pending invitations expire after this long; a new invitation replaces an expired one. */
export const INVITATION_TTL_DAYS = 30;

/** POST /api/boards/:id/invite-links (owner only). */
export interface CreateInviteLinkRequest {
  role: AssignableRole;
  /** Seconds from now, 60 s to 30 days. */
  expiresIn: number;
  /** 1–1000; absent for unlimited uses until expiry. */
  maxUses?: number;
}

export const INVITE_LINK_MIN_SECONDS = 60;
export const INVITE_LINK_MAX_SECONDS = 30 * 24 * 3600;
export const INVITE_LINK_MAX_USES = 1000;
/** Live (unrevoked, unexpired) links per board. */
export const MAX_INVITE_LINKS_PER_BOARD = 50;

/** An invite link as the owner lists it. The token itself is shown once, when the link is created. */
export interface InviteLink {
  id: string;
  boardId: string;
  role: AssignableRole;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  maxUses?: number;
  uses: number;
}

/** The answer to creating a link: the only time its secret is sent. */
export interface CreatedInviteLink extends InviteLink {
  token: string;
  /** App path to open: `/join/<token>`; the app prefixes its origin. */
  path: string;
}

/** GET /api/invite-links/:token (signed in): what accepting would do. 404 unknown or revoked, 410 expired or used up. */
export interface InviteLinkPreview {
  boardId: string;
  boardTitle: string;
  role: AssignableRole;
  invitedBy: PublicUser;
  expiresAt: string;
  /** The caller is already a member: accepting just opens the board (their role is unchanged). */
  alreadyMember: boolean;
}

// ---------------------------------------------------------------- activity and trash

export type ActivityKind =
  | 'note.created'
  | 'note.edited'
  | 'note.moved'
  | 'note.recolored'
  | 'note.deleted'
  | 'note.restored'
  | 'member.joined'
  | 'member.left'
  | 'member.removed'
  | 'member.role_changed'
  | 'board.owner_changed'
  | 'trash.emptied'
  | 'vote.started'
  | 'vote.ended';

/**
 * One line of the board's activity feed. `id` is the id of the board event it was built from
 * (`<ms>-<seq>`), so the feed pages with `?before=<id>` and the app merges live events by id.
 */
export interface ActivityEntry {
  id: string;
  boardId: string;
  kind: ActivityKind;
  /** Who did it; null for the system. */
  actorId: string | null;
  at: string;
  noteId?: string;
  /** A short excerpt of the note's text (at most 80 characters) at the time. */
  noteText?: string;
  /** For member.* and owner changes: whom it concerned. */
  userId?: string;
  role?: BoardRole;
}

/** GET /api/boards/:id/activity?before=<id>&limit= (1–100, default 50): newest first. */
export interface ActivityPage {
  entries: ActivityEntry[];
  /** Pass as `before` for the next (older) page; absent at the end. */
  nextBefore?: string;
}

/** Days a deleted note stays in the trash. */
export const TRASH_RETENTION_DAYS = 30;
/** Notes a board's trash keeps at most; the oldest go first beyond it. */
export const MAX_TRASH_PER_BOARD = 500;

export interface TrashedNote {
  note: Note;
  deletedAt: string;
  deletedBy: string;
  /** When it is removed for good. */
  expiresAt: string;
}
