import { Global, Module } from '@nestjs/common';
import { storageProvider } from '../redis/storage-provider';
import { NotificationsController } from './notifications.controller';
import { MemoryNotificationsRepository } from './notifications.memory.repository';
import { RedisNotificationsRepository } from './notifications.redis.repository';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

@Global()
@Module({
  controllers: [NotificationsController],
  providers: [storageProvider(NotificationsRepository, MemoryNotificationsRepository, RedisNotificationsRepository), NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
