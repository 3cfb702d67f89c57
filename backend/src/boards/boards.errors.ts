import { ConflictError, ForbiddenError, GoneError, NotFoundError } from '../common/domain-error';

export class BoardNotFoundError extends NotFoundError {
  constructor() {
    super('Board not found', 'board_not_found');
  }
}

export class NotABoardMemberError extends ForbiddenError {
  constructor() {
    super('Only members of this board can do that', 'not_a_board_member');
  }
}

export class NotTheOwnerError extends ForbiddenError {
  constructor(action: string) {
    super(`Only the board's owner can ${action}`, 'owner_only');
  }
}

/** A viewer tried to change the board's notes (or anything else editors do). */
export class ViewerReadOnlyError extends ForbiddenError {
  constructor() {
    super('Viewers can see this board but not change it: ask the owner for the editor role', 'viewer_read_only');
  }
}

export class UnknownUsernameError extends NotFoundError {
  constructor(username: string) {
    super(`No user is called "${username}"`, 'unknown_username');
  }
}

/** The owner holds the board: leaving would orphan it. */
export class OwnerCannotLeaveError extends ConflictError {
  constructor() {
    super('The owner cannot leave or be removed from their own board: delete the board instead', undefined, 'owner_cannot_leave');
  }
}

export class NotAMemberError extends NotFoundError {
  constructor() {
    super('That user is not a member of this board', 'member_not_found');
  }
}

export class AlreadyAMemberError extends ConflictError {
  constructor() {
    super('That user is already a member of this board', undefined, 'already_a_member');
  }
}

/** PATCH of the owner's own role: ownership moves only by transfer. */
export class OwnerRoleError extends ConflictError {
  constructor() {
    super("The owner's role cannot be changed: hand ownership to another member instead", undefined, 'owner_role_fixed');
  }
}

/** Unknown, or someone else's: the same answer, so ids cannot be probed. */
export class InvitationNotFoundError extends NotFoundError {
  constructor() {
    super('Invitation not found', 'invitation_not_found');
  }
}

export class InvitationSettledError extends ConflictError {
  constructor(status: string) {
    super(`This invitation was already ${status}`, undefined, 'invitation_settled');
  }
}

export class InvitationExpiredError extends GoneError {
  constructor() {
    super('This invitation has expired: ask the owner to invite you again', 'invitation_expired');
  }
}

/** Unknown, malformed or revoked: the same answer for all three. */
export class InviteLinkNotFoundError extends NotFoundError {
  constructor() {
    super('This invite link does not exist or was revoked', 'invite_link_not_found');
  }
}

export class InviteLinkGoneError extends GoneError {
  constructor(reason: 'expired' | 'used_up') {
    if (reason === 'expired') {
      super('This invite link has expired', 'invite_link_expired');
    } else {
      super('This invite link has been used up', 'invite_link_used_up');
    }
  }
}

export class TooManyInviteLinksError extends ConflictError {
  constructor(max: number) {
    super(`A board can have at most ${max} live invite links: revoke one first`, undefined, 'too_many_invite_links');
  }
}

export class AlreadyTheOwnerError extends ConflictError {
  constructor() {
    super('You already own this board: pick another member', undefined, 'already_the_owner');
  }
}
