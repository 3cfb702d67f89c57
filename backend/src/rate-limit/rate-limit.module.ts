import { Module } from '@nestjs/common';
import { storageProvider } from '../redis/storage-provider';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimiter } from './rate-limiter';
import { MemoryRateLimiter } from './rate-limiter.memory';
import { RedisRateLimiter } from './rate-limiter.redis';

@Module({
  providers: [storageProvider(RateLimiter, MemoryRateLimiter, RedisRateLimiter), RateLimitGuard],
  exports: [RateLimiter, RateLimitGuard],
})
export class RateLimitModule {}
