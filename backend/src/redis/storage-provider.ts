import { type Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RedisService } from './redis.service';

/**
 * Binds a port (abstract class) to its Redis adapter when REDIS_URL is set and
 * to its in-memory adapter otherwise. Both adapters are products with the same
 * contract, so the rest of the app never asks which one it has.
 */
export function storageProvider<T>(
  port: abstract new (...args: never[]) => T,
  memoryAdapter: new (config: AppConfig) => T,
  redisAdapter: new (redis: RedisService, config: AppConfig) => T,
): Provider {
  return {
    provide: port,
    inject: [AppConfig, RedisService],
    useFactory: (config: AppConfig, redis: RedisService): T =>
      redis.enabled ? new redisAdapter(redis, config) : new memoryAdapter(config),
  };
}
