import { Module, OnModuleInit } from '@nestjs/common';
import { AttachmentRooms } from '../attachments/attachment-rooms';
import { AttachmentsModule } from '../attachments/attachments.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { boardChannel } from '../../../contracts/channels';
import { ChannelRegistry } from '../events/channel-registry';
import { EventsModule } from '../events/events.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { BoardsModule } from '../boards/boards.module';
import { BoardAccess } from '../boards/board-access';
import { storageProvider } from '../redis/storage-provider';
import { UsersModule } from '../users/users.module';
import { KeysStorageModule } from '../keys/keys-storage.module';
import { BoardChatController } from './board-chat.controller';
import { ChatService } from './chat.service';
import { ConversationLeaveService } from './conversation-leave.service';
import { ConversationsController } from './conversations.controller';
import { MemoryConversationsRepository } from './conversations.memory.repository';
import { RedisConversationsRepository } from './conversations.redis.repository';
import { ConversationsRepository } from './conversations.repository';
import { MemoryMessagesRepository } from './messages.memory.repository';
import { RedisMessagesRepository } from './messages.redis.repository';
import { MessagesRepository } from './messages.repository';

@Module({
  imports: [
    AttachmentsModule,
    BoardsModule,
    EventsModule,
    IdempotencyModule,
    KeysStorageModule,
    NotificationsModule,
    RateLimitModule,
    UsersModule,
  ],
  controllers: [BoardChatController, ConversationsController],
  providers: [
    storageProvider(MessagesRepository, MemoryMessagesRepository, RedisMessagesRepository),
    storageProvider(ConversationsRepository, MemoryConversationsRepository, RedisConversationsRepository),
    ChatService,
    ConversationLeaveService,
  ],
  // Calls ask who shares a conversation.
  exports: [MessagesRepository, ConversationsRepository],
})
export class ChatModule implements OnModuleInit {
  constructor(
    private readonly channels: ChannelRegistry,
    private readonly chat: ChatService,
    private readonly boards: BoardAccess,
    private readonly messages: MessagesRepository,
    private readonly attachmentRooms: AttachmentRooms,
  ) {}

  onModuleInit(): void {
    // Conversation channels are readable by their participants only.
    this.channels.register('conversation', (user, id) => this.chat.isParticipant(id, user.id));
    // A board's chat room is its channel: it goes with the board.
    this.boards.onBoardDeleted((boardId) => this.messages.deleteRoom(boardChannel(boardId)));
    // Attachments belong to rooms: uploads and downloads ask chat who is in one.
    this.attachmentRooms.register('board', {
      admit: async (user, id) => {
        await this.chat.boardRoom(user, id);
        // Board rooms stay server-readable (export, search): never end-to-end encrypted.
        return { encrypted: false };
      },
      isMember: (userId, id) => this.boards.isMember(id, userId),
    });
    this.attachmentRooms.register('conversation', {
      admit: async (user, id) => ({ encrypted: isEncrypted((await this.chat.conversationRoom(user, id)).conversation) }),
      isMember: (userId, id) => this.chat.isParticipant(id, userId),
    });
  }
}

/** The keys work adds `encrypted` to conversation records; read it without depending on that yet. */
function isEncrypted(record: object | undefined): boolean {
  return (record as { encrypted?: unknown } | undefined)?.encrypted === true;
}
