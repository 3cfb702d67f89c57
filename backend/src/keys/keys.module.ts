import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module';
import { EventsModule } from '../events/events.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { UsersModule } from '../users/users.module';
import { ContentKeysController } from './content-keys.controller';
import { DevicesController, UserDevicesController } from './devices.controller';
import { KeysStorageModule } from './keys-storage.module';
import { KeysService } from './keys.service';

@Module({
  imports: [ChatModule, EventsModule, KeysStorageModule, RateLimitModule, UsersModule],
  controllers: [DevicesController, UserDevicesController, ContentKeysController],
  providers: [KeysService],
})
export class KeysModule {}
