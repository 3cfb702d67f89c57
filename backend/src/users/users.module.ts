import { Module } from '@nestjs/common';
import { storageProvider } from '../redis/storage-provider';
import { MemoryUsersRepository } from './users.memory.repository';
import { RedisUsersRepository } from './users.redis.repository';
import { UsersRepository } from './users.repository';

@Module({
  providers: [storageProvider(UsersRepository, MemoryUsersRepository, RedisUsersRepository)],
  exports: [UsersRepository],
})
export class UsersModule {}
