import { Module } from '@nestjs/common';
import { storageProvider } from '../redis/storage-provider';
import { MemoryContentKeysRepository } from './content-keys.memory.repository';
import { RedisContentKeysRepository } from './content-keys.redis.repository';
import { ContentKeysRepository } from './content-keys.repository';
import { MemoryDevicesRepository } from './devices.memory.repository';
import { RedisDevicesRepository } from './devices.redis.repository';
import { DevicesRepository } from './devices.repository';
import { EncryptedMessageCheck } from './encrypted-message.check';

/**
 * Devices and content keys on their own, without the HTTP side: chat checks encrypted messages
 * with them, and the keys module (which needs chat's conversations) builds on them, so neither
 * module imports the other in a circle.
 */
@Module({
  providers: [
    storageProvider(DevicesRepository, MemoryDevicesRepository, RedisDevicesRepository),
    storageProvider(ContentKeysRepository, MemoryContentKeysRepository, RedisContentKeysRepository),
    EncryptedMessageCheck,
  ],
  exports: [DevicesRepository, ContentKeysRepository, EncryptedMessageCheck],
})
export class KeysStorageModule {}
