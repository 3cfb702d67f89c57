import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module';
import { EventsModule } from '../events/events.module';
import { storageProvider } from '../redis/storage-provider';
import { ActivityController } from './activity.controller';
import { MemoryActivityRepository } from './activity.memory.repository';
import { ActivityRecorder } from './activity.recorder';
import { RedisActivityRepository } from './activity.redis.repository';
import { ActivityRepository } from './activity.repository';
import { ActivityService } from './activity.service';

@Module({
  imports: [BoardsModule, EventsModule],
  controllers: [ActivityController],
  providers: [storageProvider(ActivityRepository, MemoryActivityRepository, RedisActivityRepository), ActivityService, ActivityRecorder],
})
export class ActivityModule {}
