import { Module } from '@nestjs/common';
import { storageProvider } from '../redis/storage-provider';
import { UserPreferences } from './user-preferences';
import { MemoryUsersRepository } from './users.memory.repository';
import { RedisUsersRepository } from './users.redis.repository';
import { UsersRepository } from './users.repository';

@Module({
  providers: [storageProvider(UsersRepository, MemoryUsersRepository, RedisUsersRepository), UserPreferences],
  exports: [UsersRepository, UserPreferences],
})
export class UsersModule {}
