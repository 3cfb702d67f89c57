import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module';
import { EventsModule } from '../events/events.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { storageProvider } from '../redis/storage-provider';
import { CursorService } from './cursor.service';
import { PresenceController } from './presence.controller';
import { MemoryPresenceStore } from './presence.memory.store';
import { RedisPresenceStore } from './presence.redis.store';
import { PresenceService } from './presence.service';
import { PresenceStore } from './presence.store';
import { ViewportService } from './viewport.service';

@Module({
  imports: [BoardsModule, EventsModule, RateLimitModule],
  controllers: [PresenceController],
  providers: [storageProvider(PresenceStore, MemoryPresenceStore, RedisPresenceStore), PresenceService, CursorService, ViewportService],
  // Calls reuse this pod's lease to tell whether a party's streams are still alive.
  exports: [PresenceStore],
})
export class PresenceModule {}
