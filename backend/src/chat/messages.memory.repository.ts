import type { ChatMessage } from '../../../contracts/chat';
import { type AppConfig } from '../config/app-config';
import { compareIds, isAfter, nextId, ZERO_ID } from '../events/stream-id';
import { type Appended, MessagesRepository, UNREAD_CAP } from './messages.repository';

export class MemoryMessagesRepository extends MessagesRepository {
  private readonly rooms = new Map<string, ChatMessage[]>();
  private readonly markers = new Map<string, Map<string, string>>();
  private readonly retention: number;

  constructor(config: AppConfig) {
    super();
    this.retention = config.chatRetention;
  }

  async store(input: Omit<ChatMessage, 'id'>): Promise<Appended> {
    const room = this.rooms.get(input.roomId) ?? [];
    const message: ChatMessage = { ...input, id: nextId(room[room.length - 1]?.id ?? ZERO_ID, Date.now()) };
    room.push(message);
    this.rooms.set(input.roomId, room);
    if (room.length <= this.retention) {
      return { message: { ...message } };
    }
    room.splice(0, room.length - this.retention);
    return { message: { ...message }, oldestKept: room[0].id };
  }

  async page(roomId: string, before: string | undefined, limit: number): Promise<ChatMessage[]> {
    const room = this.rooms.get(roomId) ?? [];
    const older = before === undefined ? room : room.filter((message) => compareIds(message.id, before) < 0);
    return older
      .slice(-limit)
      .reverse()
      .map((message) => ({ ...message }));
  }

  async last(roomId: string): Promise<ChatMessage | null> {
    const room = this.rooms.get(roomId);
    return room?.length ? { ...room[room.length - 1] } : null;
  }

  async countUnread(roomId: string, userId: string, after: string | undefined): Promise<number> {
    let count = 0;
    for (const message of this.rooms.get(roomId) ?? []) {
      if (message.userId !== userId && (after === undefined || isAfter(message.id, after)) && ++count >= UNREAD_CAP) {
        break;
      }
    }
    return count;
  }

  async setReadMarker(userId: string, roomId: string, messageId: string): Promise<void> {
    const mine = this.markers.get(userId) ?? new Map<string, string>();
    const current = mine.get(roomId);
    // Markers only move forward: a late request from another tab cannot un-read messages.
    if (current === undefined || isAfter(messageId, current)) {
      mine.set(roomId, messageId);
    }
    this.markers.set(userId, mine);
  }

  async readMarkers(userId: string, roomIds: readonly string[]): Promise<Map<string, string>> {
    const mine = this.markers.get(userId);
    return new Map(roomIds.flatMap((roomId) => (mine?.has(roomId) ? [[roomId, mine.get(roomId)!]] : [])));
  }

  async find(roomId: string, messageId: string): Promise<ChatMessage | undefined> {
    const found = this.rooms.get(roomId)?.find((message) => message.id === messageId);
    return found && { ...found };
  }

  async delete(roomId: string, messageId: string): Promise<boolean> {
    const room = this.rooms.get(roomId) ?? [];
    const index = room.findIndex((message) => message.id === messageId);
    if (index < 0) {
      return false;
    }
    room.splice(index, 1);
    return true;
  }

  async deleteRoom(roomId: string): Promise<void> {
    this.rooms.delete(roomId);
  }
}
