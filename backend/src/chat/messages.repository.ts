import type { ChatMessage } from '../../../contracts/chat';

export const UNREAD_CAP = 100;

/** A stored message, and whether storing it trimmed the room to its retention. */
export interface Appended {
  message: ChatMessage;
  /** Set when this append trimmed old messages: the oldest one kept; every older message is gone. */
  oldestKept?: string;
}

/** Port: messages per room in id order, with per-user read markers. */
export abstract class MessagesRepository {
  /** Stores the message under a new id, increasing within the room, and keeps the newest CHAT_RETENTION (about). */
  abstract store(message: Omit<ChatMessage, 'id'>): Promise<Appended>;

  async append(message: Omit<ChatMessage, 'id'>): Promise<ChatMessage> {
    return (await this.store(message)).message;
  }
  /** Up to `limit` messages older than `before` (or the newest), newest first. */
  abstract page(roomId: string, before: string | undefined, limit: number): Promise<ChatMessage[]>;
  abstract last(roomId: string): Promise<ChatMessage | null>;
  /** Messages after `after` not written by `userId`, counted up to UNREAD_CAP. */
  abstract countUnread(roomId: string, userId: string, after: string | undefined): Promise<number>;
  abstract setReadMarker(userId: string, roomId: string, messageId: string): Promise<void>;
  abstract readMarkers(userId: string, roomIds: readonly string[]): Promise<Map<string, string>>;
  abstract find(roomId: string, messageId: string): Promise<ChatMessage | undefined>;
  /** True for the one call that removed it. */
  abstract delete(roomId: string, messageId: string): Promise<boolean>;
  /** Drops a room's messages (its board was deleted). */
  abstract deleteRoom(roomId: string): Promise<void>;
}
