import { Module, OnModuleInit } from '@nestjs/common';
import { ChannelRegistry } from '../events/channel-registry';
import { storageProvider } from '../redis/storage-provider';
import { BoardsController } from './boards.controller';
import { NotesController } from './notes.controller';
import { MemoryNotesRepository } from './notes.memory.repository';
import { RedisNotesRepository } from './notes.redis.repository';
import { NotesRepository } from './notes.repository';
import { NotesService } from './notes.service';

@Module({
  controllers: [BoardsController, NotesController],
  providers: [storageProvider(NotesRepository, MemoryNotesRepository, RedisNotesRepository), NotesService],
  exports: [NotesService],
})
export class NotesModule implements OnModuleInit {
  constructor(
    private readonly channels: ChannelRegistry,
    private readonly notes: NotesService,
  ) {}

  onModuleInit(): void {
    // Board channels are readable by the board's members only.
    this.channels.register('board', (user, boardId) => this.notes.isMember(boardId, user.id));
  }
}
