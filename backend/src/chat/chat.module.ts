import { Module, OnModuleInit } from '@nestjs/common';
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
  imports: [BoardsModule, EventsModule, IdempotencyModule, KeysStorageModule, NotificationsModule, RateLimitModule, UsersModule],
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
  ) {}

  onModuleInit(): void {
    // Conversation channels are readable by their participants only.
    this.channels.register('conversation', (user, id) => this.chat.isParticipant(id, user.id));
    // A board's chat room is its channel: it goes with the board.
    this.boards.onBoardDeleted((boardId) => this.messages.deleteRoom(boardChannel(boardId)));
  }
}
