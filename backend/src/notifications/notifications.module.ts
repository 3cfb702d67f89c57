import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { storageProvider } from '../redis/storage-provider';
import { NotificationsController } from './notifications.controller';
import { MemoryNotificationsRepository } from './notifications.memory.repository';
import { RedisNotificationsRepository } from './notifications.redis.repository';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [EventsModule],
  controllers: [NotificationsController],
  providers: [storageProvider(NotificationsRepository, MemoryNotificationsRepository, RedisNotificationsRepository), NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
