import { ForbiddenError, InvalidInputError, NotFoundError } from '../common/domain-error';

export class ConversationNotFoundError extends NotFoundError {
  constructor() {
    super('Conversation not found');
  }
}

export class NotAParticipantError extends ForbiddenError {
  constructor() {
    super('Only participants of this conversation can do that');
  }
}

export class UnknownUsernamesError extends NotFoundError {
  constructor(usernames: string[]) {
    super(`No user is called ${usernames.map((name) => `"${name}"`).join(', ')}`);
  }
}

export class NotEnoughParticipantsError extends InvalidInputError {
  constructor() {
    super('A conversation needs at least one other person');
  }
}
