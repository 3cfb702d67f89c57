import { type AppConfig, loadConfig } from '../../src/config/app-config';
import { RedisService } from '../../src/redis/redis.service';
import { type RedisCluster, startRedisCluster } from './redis-cluster';
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

export interface ClusterRedisService {
  readonly service: RedisService;
  readonly cluster: RedisCluster;
  /** Settings of the app in cluster mode (with `overrides`), e.g. for an adapter's config. */
  config(overrides?: Record<string, string>): AppConfig;
}

/**
 * A real Redis Cluster (3 masters, 3 replicas) and the app's RedisService in cluster mode, for the
 * enclosing describe block, like useRealRedisService.
 */
export function useClusterRedisService(): () => ClusterRedisService {
  let started: ClusterRedisService | undefined;

  beforeAll(async () => {
    const cluster = await startRedisCluster();
    const config = (overrides: Record<string, string> = {}): AppConfig =>
      loadConfig({ NODE_ENV: 'test', REDIS_CLUSTER_NODES: cluster.nodes, ...overrides });
    const service = new RedisService(config());
    await service.onModuleInit();
    started = { service, cluster, config };
  });

  afterAll(async () => {
    await started?.service.onApplicationShutdown();
    await started?.cluster.stop();
  });

  return () => {
    if (started === undefined) {
      throw new Error('The Redis Cluster is only there while the describe block runs');
    }
    return started;
  };
}
