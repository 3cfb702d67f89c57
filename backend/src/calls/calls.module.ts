import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module';
import { ChatModule } from '../chat/chat.module';
import { EventsModule } from '../events/events.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PresenceModule } from '../presence/presence.module';
import { PresenceStore } from '../presence/presence.store';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { RedisService } from '../redis/redis.service';
import { storageProvider } from '../redis/storage-provider';
import { UsersModule } from '../users/users.module';
import { CallWatchService } from './call-watch.service';
import { CallsController } from './calls.controller';
import { MemoryCallsRepository } from './calls.memory.repository';
import { RedisCallsRepository } from './calls.redis.repository';
import { CallsRepository } from './calls.repository';
import { CallsService } from './calls.service';
import { PartyStreams } from './party-streams';
import { MemoryPartyStreams } from './party-streams.memory';
import { RedisPartyStreams } from './party-streams.redis';

@Module({
  imports: [BoardsModule, ChatModule, EventsModule, NotificationsModule, PresenceModule, RateLimitModule, UsersModule],
  controllers: [CallsController],
  providers: [
    storageProvider(CallsRepository, MemoryCallsRepository, RedisCallsRepository),
    {
      provide: PartyStreams,
      inject: [RedisService, PresenceStore],
      // Streams are counted under the pod's presence lease, so a dead pod's streams die with it.
      useFactory: (redis: RedisService, presence: PresenceStore): PartyStreams =>
        redis.enabled ? new RedisPartyStreams(redis.client, presence.podId) : new MemoryPartyStreams(),
    },
    CallsService,
    CallWatchService,
  ],
})
export class CallsModule {}
