import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module';
import { EventsModule } from '../events/events.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { storageProvider } from '../redis/storage-provider';
import { TimerController } from './timer.controller';
import { MemoryTimerRepository } from './timer.memory.repository';
import { RedisTimerRepository } from './timer.redis.repository';
import { TimerRepository } from './timer.repository';
import { TimerService } from './timer.service';

@Module({
  imports: [BoardsModule, EventsModule, IdempotencyModule, RateLimitModule],
  controllers: [TimerController],
  providers: [storageProvider(TimerRepository, MemoryTimerRepository, RedisTimerRepository), TimerService],
})
export class TimerModule {}
