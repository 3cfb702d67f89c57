import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module';
import { EventsModule } from '../events/events.module';
import { AppConfig } from '../config/app-config';
import { BoardsModule } from '../boards/boards.module';
import { NotesModule } from '../notes/notes.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { RedisService } from '../redis/redis.service';
import { storageProvider } from '../redis/storage-provider';
import { UsersModule } from '../users/users.module';
import { BoardExportJob } from './board-export.job';
import { BoardImportJob } from './board-import.job';
import { JobQueue } from './job-queue';
import { BullJobQueue } from './job-queue.bullmq';
import { MemoryJobQueue } from './job-queue.memory';
import { JobRunner } from './job-runner';
import { JobStreamService } from './job-stream.service';
import { JobsController } from './jobs.controller';
import { MemoryJobsRepository } from './jobs.memory.repository';
import { RedisJobsRepository } from './jobs.redis.repository';
import { JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';

@Module({
  imports: [BoardsModule, NotesModule, ChatModule, EventsModule, RateLimitModule, UsersModule],
  controllers: [JobsController],
  providers: [
    storageProvider(JobsRepository, MemoryJobsRepository, RedisJobsRepository),
    {
      provide: JobQueue,
      inject: [AppConfig, RedisService],
      useFactory: (config: AppConfig, redis: RedisService): JobQueue =>
        redis.enabled ? new BullJobQueue(redis, config) : new MemoryJobQueue(config),
    },
    JobRunner,
    JobsService,
    JobStreamService,
    BoardExportJob,
    BoardImportJob,
  ],
})
export class JobsModule {}
