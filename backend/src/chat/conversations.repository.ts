export interface ConversationRecord {
  id: string;
  /** Sorted, so a set of people always maps to one conversation. */
  participantIds: string[];
  createdAt: string;
  /** End-to-end encrypted; absent on records stored before encryption existed, which are not. */
  encrypted?: boolean;
}

/** Port: conversations between a fixed set of people. */
export abstract class ConversationsRepository {
  /** The conversation of exactly these participants, created when there is none yet. */
  abstract findOrCreate(candidate: ConversationRecord): Promise<{ conversation: ConversationRecord; created: boolean }>;
  abstract find(id: string): Promise<ConversationRecord | undefined>;
  /** Newest first. */
  abstract listFor(userId: string): Promise<ConversationRecord[]>;
}

export const participantsKey = (ids: readonly string[]): string => [...ids].sort().join(',');
