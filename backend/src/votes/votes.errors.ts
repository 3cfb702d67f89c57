import { ConflictError, ForbiddenError, NotFoundError } from '../common/domain-error';

export class NoVoteError extends NotFoundError {
  constructor() {
    super('This board has no vote', 'no_vote');
  }
}

/** The note is not on this board (or no longer). */
export class VoteNoteNotFoundError extends NotFoundError {
  constructor() {
    super('Note not found', 'vote_note_not_found');
  }
}

export class VoteRunningError extends ConflictError {
  constructor(voteId: string) {
    super('A vote is already running on this board: end it first', { reason: 'vote_running', voteId }, 'vote_running');
  }
}

export class VoteEndedError extends ConflictError {
  constructor(voteId: string) {
    super('The vote has ended', { reason: 'vote_ended', voteId }, 'vote_ended');
  }
}

export class NoDotsLeftError extends ConflictError {
  constructor(dotsPerUser: number) {
    super(`You have placed all your ${dotsPerUser} dots: take one back first`, { reason: 'no_dots_left', dotsPerUser }, 'no_dots_left');
  }
}

export class NoDotHereError extends ConflictError {
  constructor() {
    super('You have no dot on this note', { reason: 'no_dot_here' }, 'no_dot_here');
  }
}

export class NotTheFacilitatorError extends ForbiddenError {
  constructor(action: string) {
    super(`Only who started the vote, or the board's owner, can ${action}`, 'facilitator_only');
  }
}
