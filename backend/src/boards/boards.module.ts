import { Module, OnModuleInit } from '@nestjs/common';
import { ChannelRegistry } from '../events/channel-registry';
import { EventsModule } from '../events/events.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { storageProvider } from '../redis/storage-provider';
import { UsersModule } from '../users/users.module';
import { BoardAccess } from './board-access';
import { BoardsController } from './boards.controller';
import { MemoryBoardsRepository } from './boards.memory.repository';
import { RedisBoardsRepository } from './boards.redis.repository';
import { BoardNotesRepository, BoardsRepository } from './boards.repository';
import { BoardsService } from './boards.service';

/**
 * Boards, their members and roles. Other modules ask BoardAccess; the notes module also gets the
 * notes' storage port, because a board and its notes are one unit in storage (see BoardsRepository).
 */
@Module({
  imports: [UsersModule, EventsModule, NotificationsModule, RateLimitModule],
  controllers: [BoardsController],
  providers: [
    storageProvider(BoardsRepository, MemoryBoardsRepository, RedisBoardsRepository),
    { provide: BoardNotesRepository, useExisting: BoardsRepository },
    BoardAccess,
    BoardsService,
  ],
  exports: [BoardAccess, BoardNotesRepository],
})
export class BoardsModule implements OnModuleInit {
  constructor(
    private readonly channels: ChannelRegistry,
    private readonly access: BoardAccess,
  ) {}

  onModuleInit(): void {
    // Board channels are readable by the board's members only.
    this.channels.register('board', (user, boardId) => this.access.isMember(boardId, user.id));
  }
}
