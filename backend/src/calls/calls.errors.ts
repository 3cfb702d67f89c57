import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/domain-error';

/** Also for calls the asker is not a party to: whether a call exists is not theirs to learn. */
export class CallNotFoundError extends NotFoundError {
  constructor() {
    super('Call not found', 'call_not_found');
  }
}

export class CannotCallYourselfError extends InvalidInputError {
  constructor() {
    super('You cannot call yourself', 'cannot_call_yourself');
  }
}

/** One answer for unknown users and strangers alike, so the endpoint does not reveal who has an account. */
export class NotACollaboratorError extends ForbiddenError {
  constructor() {
    super('You can call people you share a board or a conversation with', 'not_a_collaborator');
  }
}

export class OnlyTheCalleeError extends ForbiddenError {
  constructor(action: string) {
    super(`Only the person called can ${action}`, 'callee_only');
  }
}

export class CalleeBusyError extends ConflictError {
  constructor(callId: string) {
    super('They are in another call', { reason: 'busy', callId }, 'callee_busy');
  }
}

export class AlreadyInCallError extends ConflictError {
  constructor(currentId: string) {
    super('You are in another call: end it first', { reason: 'in_call', currentId }, 'already_in_call');
  }
}

export class CallStateConflictError extends ConflictError {
  constructor(message: string, state: string, endReason?: string) {
    super(message, { state, ...(endReason === undefined ? {} : { endReason }) }, 'call_state_conflict');
  }
}
