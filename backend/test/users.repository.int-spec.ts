import { type AppConfig, loadConfig } from '../src/config/app-config';
import { RedisService } from '../src/redis/redis.service';
import { MemoryUsersRepository } from '../src/users/users.memory.repository';
import { usersRepositoryContract } from '../src/users/users.repository.contract';
import { RedisUsersRepository } from '../src/users/users.redis.repository';
import { type RedisServer, startRedis } from './support/redis-server';

describe('UsersRepository contract: memory adapter', () => {
  usersRepositoryContract(() => new MemoryUsersRepository());
});

describe('UsersRepository contract: Redis adapter', () => {
  let server: RedisServer;
  let redis: RedisService;

  beforeAll(async () => {
    server = await startRedis();
    const config: AppConfig = loadConfig({ NODE_ENV: 'test', REDIS_URL: server.url });
    redis = new RedisService(config);
    await redis.onModuleInit();
  });

  afterAll(async () => {
    await redis.onApplicationShutdown();
    await server.stop();
  });

  usersRepositoryContract(() => new RedisUsersRepository(redis));
});
