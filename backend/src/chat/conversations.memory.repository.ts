import {
  type ConversationRecord,
  ConversationsRepository,
  participantsKey,
  type RemoveParticipantOutcome,
} from './conversations.repository';

export class MemoryConversationsRepository extends ConversationsRepository {
  private readonly byId = new Map<string, ConversationRecord>();
  private readonly byParticipants = new Map<string, string>();

  async findOrCreate(candidate: ConversationRecord): Promise<{ conversation: ConversationRecord; created: boolean }> {
    const key = participantsKey(candidate.participantIds);
    const existing = this.byParticipants.get(key);
    if (existing !== undefined) {
      return { conversation: { ...this.byId.get(existing)! }, created: false };
    }
    const conversation = { ...candidate, participantIds: [...candidate.participantIds].sort() };
    this.byId.set(conversation.id, conversation);
    this.byParticipants.set(key, conversation.id);
    return { conversation: { ...conversation }, created: true };
  }

  async find(id: string): Promise<ConversationRecord | undefined> {
    const conversation = this.byId.get(id);
    return conversation && { ...conversation };
  }

  async listFor(userId: string): Promise<ConversationRecord[]> {
    return [...this.byId.values()]
      .filter((conversation) => conversation.participantIds.includes(userId))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map((conversation) => ({ ...conversation }));
  }

  async removeParticipant(id: string, userId: string, keepAtLeast: number): Promise<RemoveParticipantOutcome> {
    const conversation = this.byId.get(id);
    if (!conversation?.participantIds.includes(userId)) {
      return { result: 'absent' };
    }
    if (conversation.participantIds.length - 1 < keepAtLeast) {
      return { result: 'too_few' };
    }
    const key = participantsKey(conversation.participantIds);
    if (this.byParticipants.get(key) === id) {
      this.byParticipants.delete(key);
    }
    conversation.participantIds = conversation.participantIds.filter((participant) => participant !== userId);
    return { result: 'removed', conversation: { ...conversation, participantIds: [...conversation.participantIds] } };
  }
}
