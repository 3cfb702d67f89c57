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
import { Clock } from '../common/clock';
import { InvitationsController } from './invitations.controller';
import { MemoryInvitationsRepository } from './invitations.memory.repository';
import { RedisInvitationsRepository } from './invitations.redis.repository';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { InviteLinksController } from './invite-links.controller';
import { MemoryInviteLinksRepository } from './invite-links.memory.repository';
import { RedisInviteLinksRepository } from './invite-links.redis.repository';
import { InviteLinksRepository } from './invite-links.repository';
import { InviteLinksService } from './invite-links.service';

/**
 * Boards, their members and roles. Other modules ask BoardAccess; the notes module also gets the
 * notes' storage port, because a board and its notes are one unit in storage (see BoardsRepository).
 */
@Module({
  imports: [UsersModule, EventsModule, NotificationsModule, RateLimitModule],
  controllers: [BoardsController, InvitationsController, InviteLinksController],
  providers: [
    storageProvider(BoardsRepository, MemoryBoardsRepository, RedisBoardsRepository),
    storageProvider(InvitationsRepository, MemoryInvitationsRepository, RedisInvitationsRepository),
    storageProvider(InviteLinksRepository, MemoryInviteLinksRepository, RedisInviteLinksRepository),
    { provide: BoardNotesRepository, useExisting: BoardsRepository },
    Clock,
    BoardAccess,
    BoardsService,
    InvitationsService,
    InviteLinksService,
  ],
  exports: [BoardAccess, BoardNotesRepository],
})
export class BoardsModule implements OnModuleInit {
  constructor(
    private readonly channels: ChannelRegistry,
    private readonly access: BoardAccess,
    private readonly invitations: InvitationsRepository,
    private readonly links: InviteLinksRepository,
  ) {}

  onModuleInit(): void {
    // Board channels are readable by the board's members only.
    this.channels.register('board', (user, boardId) => this.access.isMember(boardId, user.id));
    // A deleted board's pending invitations and links would only lead to a 404.
    this.access.onBoardDeleted(async (boardId) => {
      await this.invitations.deleteBoard(boardId);
      await this.links.deleteBoard(boardId);
    });
  }
}
