export interface ConversationRecord {
  id: string;
  /** Sorted, so a set of people always maps to one conversation. */
  participantIds: string[];
  createdAt: string;
  /** End-to-end encrypted; absent on records stored before encryption existed, which are not. */
  encrypted?: boolean;
}

/** `too_few`: leaving would leave fewer people than allowed; `absent`: not a participant (or no such conversation). */
export type RemoveParticipantOutcome =
  { result: 'removed'; conversation: ConversationRecord } | { result: 'too_few' } | { result: 'absent' };

/** Port: conversations between a set of people (who may leave a group, never join it). */
export abstract class ConversationsRepository {
  /** The conversation of exactly these participants, created when there is none yet. */
  abstract findOrCreate(candidate: ConversationRecord): Promise<{ conversation: ConversationRecord; created: boolean }>;
  abstract find(id: string): Promise<ConversationRecord | undefined>;
  /** Newest first. */
  abstract listFor(userId: string): Promise<ConversationRecord[]>;
  /**
   * Takes someone out unless fewer than `keepAtLeast` would stay, in one step (two leaving at once
   * can't both pass the check). The conversation no longer stands for its old set of people; the
   * people who stay are not indexed as a set (they may have a conversation of their own already).
   */
  abstract removeParticipant(id: string, userId: string, keepAtLeast: number): Promise<RemoveParticipantOutcome>;
}

export const participantsKey = (ids: readonly string[]): string => [...ids].sort().join(',');
