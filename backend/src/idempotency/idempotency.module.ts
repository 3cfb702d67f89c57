import { Module } from '@nestjs/common';
import { storageProvider } from '../redis/storage-provider';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { MemoryIdempotencyStore } from './idempotency.memory.store';
import { RedisIdempotencyStore } from './idempotency.redis.store';
import { IdempotencyStore } from './idempotency.store';

@Module({
  providers: [storageProvider(IdempotencyStore, MemoryIdempotencyStore, RedisIdempotencyStore), IdempotencyInterceptor],
  exports: [IdempotencyStore, IdempotencyInterceptor],
})
export class IdempotencyModule {}
