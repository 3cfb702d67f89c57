import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module';
import { EventsModule } from '../events/events.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { storageProvider } from '../redis/storage-provider';
import { VotesController } from './votes.controller';
import { MemoryVotesRepository } from './votes.memory.repository';
import { RedisVotesRepository } from './votes.redis.repository';
import { VotesRepository } from './votes.repository';
import { VotesService } from './votes.service';

@Module({
  imports: [BoardsModule, EventsModule, IdempotencyModule, RateLimitModule],
  controllers: [VotesController],
  providers: [storageProvider(VotesRepository, MemoryVotesRepository, RedisVotesRepository), VotesService],
})
export class VotesModule {}
