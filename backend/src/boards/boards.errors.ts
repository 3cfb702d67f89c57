import { ConflictError, ForbiddenError, GoneError, NotFoundError } from '../common/domain-error';

export class BoardNotFoundError extends NotFoundError {
  constructor() {
    super('Board not found');
  }
}

export class NotABoardMemberError extends ForbiddenError {
  constructor() {
    super('Only members of this board can do that');
  }
}

export class NotTheOwnerError extends ForbiddenError {
  constructor(action: string) {
    super(`Only the board's owner can ${action}`);
  }
}

/** A viewer tried to change the board's notes (or anything else editors do). */
export class ViewerReadOnlyError extends ForbiddenError {
  constructor() {
    super('Viewers can see this board but not change it: ask the owner for the editor role');
  }
}

export class UnknownUsernameError extends NotFoundError {
  constructor(username: string) {
    super(`No user is called "${username}"`);
  }
}

/** The owner holds the board: leaving would orphan it. */
export class OwnerCannotLeaveError extends ConflictError {
  constructor() {
    super('The owner cannot leave or be removed from their own board: delete the board instead');
  }
}

export class NotAMemberError extends NotFoundError {
  constructor() {
    super('That user is not a member of this board');
  }
}

export class AlreadyAMemberError extends ConflictError {
  constructor() {
    super('That user is already a member of this board');
  }
}

/** PATCH of the owner's own role: ownership moves only by transfer. */
export class OwnerRoleError extends ConflictError {
  constructor() {
    super("The owner's role cannot be changed: hand ownership to another member instead");
  }
}

/** Unknown, or someone else's: the same answer, so ids cannot be probed. */
export class InvitationNotFoundError extends NotFoundError {
  constructor() {
    super('Invitation not found');
  }
}

export class InvitationSettledError extends ConflictError {
  constructor(status: string) {
    super(`This invitation was already ${status}`);
  }
}

export class InvitationExpiredError extends GoneError {
  constructor() {
    super('This invitation has expired: ask the owner to invite you again');
  }
}

/** Unknown, malformed or revoked: the same answer for all three. */
export class InviteLinkNotFoundError extends NotFoundError {
  constructor() {
    super('This invite link does not exist or was revoked');
  }
}

export class InviteLinkGoneError extends GoneError {
  constructor(reason: 'expired' | 'used_up') {
    super(reason === 'expired' ? 'This invite link has expired' : 'This invite link has been used up');
  }
}

export class TooManyInviteLinksError extends ConflictError {
  constructor(max: number) {
    super(`A board can have at most ${max} live invite links: revoke one first`);
  }
}

export class AlreadyTheOwnerError extends ConflictError {
  constructor() {
    super('You already own this board: pick another member');
  }
}
