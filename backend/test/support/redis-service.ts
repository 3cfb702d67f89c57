import { loadConfig } from '../../src/config/app-config';
import { RedisService } from '../../src/redis/redis.service';
import { type RedisServer, startRedis } from './redis-server';

/**
 * A real redis-server on an ephemeral port and the app's RedisService connected to it, for the
 * enclosing describe block: started before its first test, stopped after its last. Call the
 * returned function inside tests (or factories run by them) to get the service.
 */
export function useRealRedisService(): () => RedisService {
  let server: RedisServer | undefined;
  let service: RedisService | undefined;

  beforeAll(async () => {
    server = await startRedis();
    service = new RedisService(loadConfig({ NODE_ENV: 'test', REDIS_URL: server.url }));
    await service.onModuleInit();
  });

  afterAll(async () => {
    await service?.onApplicationShutdown();
    await server?.stop();
  });

  return () => {
    if (service === undefined) {
      throw new Error('The Redis service is only there while the describe block runs');
    }
    return service;
  };
}
