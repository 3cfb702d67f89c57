import { ConflictError, ForbiddenError, NotFoundError } from '../common/domain-error';

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
