import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { PublicUser } from '../../../contracts/api';
import { boardChannel, conversationChannel, type RoomChannel, userChannel } from '../../../contracts/channels';
import type { ChatMessage, Conversation, MessagePage, PostMessageRequest } from '../../../contracts/chat';
import type { EncryptedContent } from '../../../contracts/encryption';
import { findMentions } from '../../../contracts/mentions';
import type { Actor } from '../users/actor';
import { toPublicUser } from '../users/user';
import { EventBus } from '../events/event-bus';
import { BoardAccess } from '../boards/board-access';
import { NotificationsService } from '../notifications/notifications.service';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { UsersRepository } from '../users/users.repository';
import { EncryptedMessageCheck } from '../keys/encrypted-message.check';
import { AttachmentsService } from '../attachments/attachments.service';
import {
  ConversationNotFoundError,
  MessageNotFoundError,
  NotAParticipantError,
  NotEnoughParticipantsError,
  NotTheAuthorError,
  UnknownUsernamesError,
} from './chat.errors';
import { ConversationRecord, ConversationsRepository } from './conversations.repository';
import { type Appended, MessagesRepository } from './messages.repository';
import { assertEncryptedBody, assertPlainBody } from './message-body';

/** A room the caller may use: its channel name (also the room id) and who is in it. */
export interface Room {
  id: RoomChannel;
  memberIds: string[];
  conversation?: ConversationRecord;
  /** Board rooms: the board's owner, who may delete any message there. */
  ownerId?: string;
}

/** What a sender gives for one message; validated by the DTO, checked against the room here. */
export type MessageInput = PostMessageRequest;

const TYPING_COALESCE_MS = 2000;
const MESSAGE_ID = /^\d{1,20}-\d{1,20}$/;
const TYPING_SHOWN_MS = 5000;

@Injectable()
export class ChatService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly conversations: ConversationsRepository,
    private readonly boards: BoardAccess,
    private readonly users: UsersRepository,
    private readonly notifications: NotificationsService,
    private readonly limiter: RateLimiter,
    private readonly bus: EventBus,
    private readonly encryptedMessages: EncryptedMessageCheck,
    private readonly attachments: AttachmentsService,
  ) {}

  /** 404 unknown board, 403 not a member. */
  async boardRoom(user: Actor, boardId: string): Promise<Room> {
    const board = await this.boards.assertMember(user, boardId);
    return { id: boardChannel(boardId), memberIds: board.memberIds, ownerId: board.ownerId };
  }

  /** 404 unknown conversation, 403 not a participant. */
  async conversationRoom(user: Actor, conversationId: string): Promise<Room> {
    const conversation = await this.conversations.find(conversationId);
    if (!conversation) {
      throw new ConversationNotFoundError();
    }
    if (!conversation.participantIds.includes(user.id)) {
      throw new NotAParticipantError();
    }
    return { id: conversationChannel(conversationId), memberIds: conversation.participantIds, conversation };
  }

  async isParticipant(conversationId: string, userId: string): Promise<boolean> {
    return (await this.conversations.find(conversationId))?.participantIds.includes(userId) ?? false;
  }

  async post(user: Actor, room: Room, input: MessageInput): Promise<ChatMessage> {
    const { content, clientId } = input;
    let encrypted: EncryptedContent | undefined;
    if (room.conversation?.encrypted === true) {
      assertEncryptedBody(input);
      await this.encryptedMessages.assertSendable(user.id, room.conversation.id, input.encrypted);
      const { keyId, senderDeviceId, iv, ciphertext, signature } = input.encrypted;
      encrypted = { keyId, senderDeviceId, iv, ciphertext, signature };
    } else {
      assertPlainBody(input);
    }
    const attachmentIds = input.attachmentIds ?? [];
    const attachments = attachmentIds.length > 0 ? await this.attachments.attach(user, room.id, attachmentIds) : [];
    let stored: Appended;
    try {
      stored = await this.messages.store({
        roomId: room.id,
        userId: user.id,
        ...(content === undefined || content === '' ? {} : { content }),
        ...(encrypted === undefined ? {} : { encrypted }),
        ...(attachments.length === 0 ? {} : { attachments }),
        createdAt: new Date().toISOString(),
        ...(clientId === undefined ? {} : { clientId }),
      });
    } catch (error) {
      await this.attachments.detach(attachmentIds);
      throw error;
    }
    const { message, oldestKept } = stored;
    if (attachments.length > 0) {
      await this.attachments.carriedBy(
        room.id,
        message.id,
        attachments.map((attachment) => attachment.id),
      );
    }
    await this.bus.publish(room.id, 'chat.message', { message }, user.id);
    if (room.conversation) {
      // The sender too: her other tabs list conversations as well.
      await this.bus.publishMany(
        room.memberIds.map(userChannel),
        'conversation.activity',
        { conversationId: room.conversation.id, message },
        user.id,
      );
    }
    if (encrypted === undefined) {
      await this.notifyMentions(user, room, message);
    } else {
      await this.notifyNamedMentions(user, room, message, input.mentions ?? []);
    }
    if (oldestKept !== undefined) {
      await this.attachments.deleteTrimmed(room.id, oldestKept);
    }
    return message;
  }

  /** Its author, or a board's owner in its room: deletes it with its attachments and announces it. */
  async deleteMessage(user: Actor, room: Room, messageId: string): Promise<void> {
    const message = MESSAGE_ID.test(messageId) ? await this.messages.find(room.id, messageId) : undefined;
    if (!message) {
      throw new MessageNotFoundError();
    }
    if (message.userId !== user.id && room.ownerId !== user.id) {
      throw new NotTheAuthorError();
    }
    // Of racing deletes one goes on: the attachments are freed and the event published once.
    if (!(await this.messages.delete(room.id, messageId))) {
      throw new MessageNotFoundError();
    }
    await this.attachments.deleteMany((message.attachments ?? []).map((attachment) => attachment.id));
    await this.bus.publish(room.id, 'chat.message_deleted', { roomId: room.id, messageId }, user.id);
  }

  async page(room: Room, before: string | undefined, limit = 50): Promise<MessagePage> {
    const messages = await this.messages.page(room.id, before, limit);
    return { messages, nextBefore: messages.length === limit ? messages[messages.length - 1].id : null };
  }

  /** At most one typing event per user and room every 2 s, across pods; the client hides it after `until`. */
  async typing(user: Actor, room: Room): Promise<void> {
    const decision = await this.limiter.hit(`typing:${room.id}:${user.id}`, 1, TYPING_COALESCE_MS);
    if (!decision.allowed) {
      return;
    }
    const until = new Date(Date.now() + TYPING_SHOWN_MS).toISOString();
    await this.bus.publish(room.id, 'chat.typing', { roomId: room.id, userId: user.id, until }, user.id, { ephemeral: true });
  }

  async markRead(user: Actor, room: Room, messageId: string): Promise<void> {
    await this.messages.setReadMarker(user.id, room.id, messageId);
    await this.bus.publish(userChannel(user.id), 'chat.read', { roomId: room.id, messageId }, user.id);
  }

  /** `encrypted` applies only when the conversation is new: an existing one keeps its kind. */
  async startConversation(user: Actor, usernames: string[], encrypted = true): Promise<{ conversation: Conversation; created: boolean }> {
    const wanted = [...new Set(usernames.map((name) => name.toLowerCase()))].filter((name) => name !== user.username);
    if (wanted.length === 0) {
      throw new NotEnoughParticipantsError();
    }
    const found = await Promise.all(wanted.map((name) => this.users.findByUsername(name)));
    if (found.some((other) => !other)) {
      throw new UnknownUsernamesError();
    }
    const participantIds = [user.id, ...found.map((other) => other!.id)];
    const { conversation: record, created } = await this.conversations.findOrCreate({
      id: randomUUID(),
      participantIds,
      createdAt: new Date().toISOString(),
      encrypted,
    });
    if (created) {
      const fresh = await this.view(user.id, record);
      await this.bus.publishMany(
        record.participantIds.map(userChannel),
        'conversation.created',
        { conversation: { ...fresh, unreadCount: 0 } },
        user.id,
      );
    }
    return { conversation: await this.view(user.id, record), created };
  }

  async listConversations(user: Actor): Promise<Conversation[]> {
    const records = await this.conversations.listFor(user.id);
    const views = await Promise.all(records.map((record) => this.view(user.id, record)));
    // Most recent activity first.
    return views.sort((a, b) => (b.lastMessage?.createdAt ?? b.createdAt).localeCompare(a.lastMessage?.createdAt ?? a.createdAt));
  }

  async conversation(user: Actor, conversationId: string): Promise<Conversation> {
    const room = await this.conversationRoom(user, conversationId);
    return this.view(user.id, room.conversation!);
  }

  private async view(userId: string, record: ConversationRecord): Promise<Conversation> {
    const roomId = conversationChannel(record.id);
    const [participants, lastMessage, markers] = await Promise.all([
      this.publicUsers(record.participantIds),
      this.messages.last(roomId),
      this.messages.readMarkers(userId, [roomId]),
    ]);
    const unreadCount = lastMessage ? await this.messages.countUnread(roomId, userId, markers.get(roomId)) : 0;
    return { id: record.id, participants, createdAt: record.createdAt, lastMessage, unreadCount, encrypted: record.encrypted === true };
  }

  private async notifyMentions(author: Actor, room: Room, message: ChatMessage): Promise<void> {
    if (message.content === undefined || !message.content.includes('@')) {
      return;
    }
    const members = await this.users.findManyByIds(room.memberIds);
    const usernames = new Set(members.map((member) => member.username));
    const content = message.content;
    const mentioned = new Set(findMentions(content, (username) => usernames.has(username)).map((mention) => mention.username));
    mentioned.delete(author.username);
    if (mentioned.size === 0) {
      return;
    }
    const from = { id: author.id, username: author.username, displayName: author.displayName };
    for (const member of members.filter((candidate) => mentioned.has(candidate.username))) {
      await this.notifications.notify(member.id, author.id, {
        kind: 'mention',
        roomId: room.id,
        messageId: message.id,
        from,
        excerpt: content.slice(0, 140),
      });
    }
  }

  /** Encrypted conversations: the sender names who is mentioned (the server can't read the text); no excerpt. */
  private async notifyNamedMentions(author: Actor, room: Room, message: ChatMessage, mentions: string[]): Promise<void> {
    const mentioned = new Set(mentions.filter((id) => id !== author.id && room.memberIds.includes(id)));
    const from = { id: author.id, username: author.username, displayName: author.displayName };
    for (const memberId of mentioned) {
      await this.notifications.notify(memberId, author.id, { kind: 'mention', roomId: room.id, messageId: message.id, from });
    }
  }

  private async publicUsers(ids: string[]): Promise<PublicUser[]> {
    const users = await this.users.findManyByIds(ids);
    const byId = new Map(users.map((found) => [found.id, toPublicUser(found)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }
}
