import { Injectable } from '@nestjs/common';
import { conversationChannel } from '../../../contracts/channels';
import type { Actor } from '../users/actor';
import { AccessRevocations } from '../events/access-revocations';
import { ContentKeysRepository } from '../keys/content-keys.repository';
import { CannotLeaveConversationError, ConversationNotFoundError, NotAParticipantError } from './chat.errors';
import { ConversationsRepository } from './conversations.repository';

/** A group keeps at least this many people: two people's conversation is theirs for good. */
const MIN_LEFT_BEHIND = 2;

/** Leaving a group conversation: access ends at once on every pod, and its key must be replaced. */
@Injectable()
export class ConversationLeaveService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly keys: ContentKeysRepository,
    private readonly revocations: AccessRevocations,
  ) {}

  /** 404 unknown, 403 not a participant, 409 fewer than three people. */
  async leave(user: Actor, conversationId: string): Promise<void> {
    const outcome = await this.conversations.removeParticipant(conversationId, user.id, MIN_LEFT_BEHIND);
    if (outcome.result === 'too_few') {
      throw new CannotLeaveConversationError();
    }
    if (outcome.result === 'absent') {
      throw (await this.conversations.find(conversationId)) ? new NotAParticipantError() : new ConversationNotFoundError();
    }
    // The leaver's devices hold the current key: the next message needs a new one they don't get.
    if (outcome.conversation.encrypted === true) {
      await this.keys.requireRotation(conversationId);
    }
    await this.revocations.publish({ kind: 'channel', channel: conversationChannel(conversationId), userIds: [user.id], reason: 'left' });
  }
}
