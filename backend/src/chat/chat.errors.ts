import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/domain-error';

export class ConversationNotFoundError extends NotFoundError {
  constructor() {
    super('Conversation not found', 'conversation_not_found');
  }
}

export class NotAParticipantError extends ForbiddenError {
  constructor() {
    super('Only participants of this conversation can do that', 'not_a_participant');
  }
}

/** One answer however many names are unknown, and never which: the endpoint must not reveal who has an account. */
export class UnknownUsernamesError extends NotFoundError {
  constructor() {
    super('Not everyone named here can be reached: check the usernames', 'unknown_usernames');
  }
}

export class NotEnoughParticipantsError extends InvalidInputError {
  constructor() {
    super('A conversation needs at least one other person', 'not_enough_participants');
  }
}

export class PlaintextRefusedError extends InvalidInputError {
  constructor() {
    super('this conversation is end-to-end encrypted: send `encrypted`, not `content`', 'plaintext_refused');
  }
}

export class EncryptedRefusedError extends InvalidInputError {
  constructor() {
    super('this room is not end-to-end encrypted: send `content`, not `encrypted`', 'encrypted_refused');
  }
}

export class MentionsRefusedError extends InvalidInputError {
  constructor() {
    super('`mentions` is for encrypted conversations only: elsewhere mentions come from the text (@username)', 'mentions_refused');
  }
}

export class MessageBodyRequiredError extends InvalidInputError {
  constructor(field: 'content' | 'encrypted', message = `${field} is required`) {
    super(message, 'message_body_required');
  }
}

export class MessageNotFoundError extends NotFoundError {
  constructor() {
    super('Message not found', 'message_not_found');
  }
}

export class NotTheAuthorError extends ForbiddenError {
  constructor() {
    super('Only its author (or, in a board room, the board’s owner) can delete a message', 'not_the_author');
  }
}

export class CannotLeaveConversationError extends ConflictError {
  constructor() {
    super(
      'Only a group conversation of three or more people can be left: a conversation of two stays as it is',
      undefined,
      'cannot_leave_conversation',
    );
  }
}
