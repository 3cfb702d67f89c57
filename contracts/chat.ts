import type { PublicUser } from './api';
import type { AssignableRole } from './boards';
import type { Attachment } from './attachments';
import type { CallMedia } from './calls';
import type { RoomChannel } from './channels';
import type { EncryptedContent } from './encryption';

export const MAX_MESSAGE_LENGTH = 4000;

/** A chat room is a board's room (`board:<id>`) or a conversation (`conversation:<id>`): its channel name. */
export type RoomId = RoomChannel;

export interface ChatMessage {
  /** `<ms>-<seq>`: increasing within the room, so pages are stable under concurrent posting. */
  id: string;
  roomId: string;
  userId: string;
  /** Plain text (board rooms, unencrypted conversations); absent on encrypted conversations. */
  content?: string;
  /** Encrypted conversations only: the server can't read it. */
  encrypted?: EncryptedContent;
  /** Metadata of the files the message carries (never the bytes). */
  attachments?: Attachment[];
  createdAt: string;
  clientId?: string;
}

/** Newest first; pass `nextBefore` as `?before=` for the next (older) page; null at the start. */
export interface MessagePage {
  messages: ChatMessage[];
  nextBefore: string | null;
}

/**
 * Board rooms and unencrypted conversations: `content` (may be empty when there are
 * attachments). Encrypted conversations: `encrypted`, and `content` is refused with 400.
 */
export interface PostMessageRequest {
  content?: string;
  encrypted?: EncryptedContent;
  /** Uploaded by the sender for this room and not yet sent (POST /api/attachments). */
  attachmentIds?: string[];
  /** Encrypted conversations: the participants the message mentions (the server can't read it); notified without text. */
  mentions?: string[];
  clientId?: string;
}

export interface Conversation {
  id: string;
  participants: PublicUser[];
  createdAt: string;
  lastMessage: ChatMessage | null;
  /** Messages by others after your read marker (capped at 100). */
  unreadCount: number;
  /** End-to-end encrypted: messages carry `encrypted`, never `content`. Earlier conversations stay unencrypted. */
  encrypted: boolean;
}

export interface CreateConversationRequest {
  /** The other participants; you are added yourself. */
  usernames: string[];
  /** Defaults to true. Only applies when the conversation is new. */
  encrypted?: boolean;
}

export type AppNotification =
  /** An invitation to a board: accept or decline it with POST /api/invitations/:invitationId/(accept|decline). */
  | {
      id: string;
      createdAt: string;
      read: boolean;
      kind: 'board_invite';
      invitationId: string;
      boardId: string;
      boardTitle: string;
      role: AssignableRole;
      from: PublicUser;
    }
  | {
      id: string;
      createdAt: string;
      read: boolean;
      kind: 'mention';
      roomId: string;
      messageId: string;
      from: PublicUser;
      /** Absent for encrypted conversations: who and where only. */ excerpt?: string;
    }
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
