import type { PublicUser } from './api';
import type { CallMedia } from './calls';
import type { RoomChannel } from './channels';

export const MAX_MESSAGE_LENGTH = 4000;

/** A chat room is a board's room (`board:<id>`) or a conversation (`conversation:<id>`): its channel name. */
export type RoomId = RoomChannel;

export interface ChatMessage {
  /** `<ms>-<seq>`: increasing within the room, so pages are stable under concurrent posting. */
  id: string;
  roomId: string;
  userId: string;
  content: string;
  createdAt: string;
  clientId?: string;
}

/** Newest first; pass `nextBefore` as `?before=` for the next (older) page; null at the start. */
export interface MessagePage {
  messages: ChatMessage[];
  nextBefore: string | null;
}

export interface PostMessageRequest {
  content: string;
  clientId?: string;
}

export interface Conversation {
  id: string;
  participants: PublicUser[];
  createdAt: string;
  lastMessage: ChatMessage | null;
  /** Messages by others after your read marker (capped at 100). */
  unreadCount: number;
}

export interface CreateConversationRequest {
  /** The other participants; you are added yourself. */
  usernames: string[];
}

export type AppNotification =
  | { id: string; createdAt: string; read: boolean; kind: 'board_invite'; boardId: string; boardTitle: string; from: PublicUser }
  | { id: string; createdAt: string; read: boolean; kind: 'mention'; roomId: string; messageId: string; from: PublicUser; excerpt: string }
  /** A call to the user that rang out unanswered (`missed`) or found them in another call (`busy`). */
  | {
      id: string;
      createdAt: string;
      read: boolean;
      kind: 'missed_call';
      callId: string;
      media: CallMedia;
      reason: 'missed' | 'busy';
      from: PublicUser;
    };

export interface NotificationList {
  notifications: AppNotification[];
  unreadCount: number;
}
