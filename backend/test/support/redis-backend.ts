import { startRedisCluster } from './redis-cluster';
import { startRedis } from './redis-server';

export type RedisBackendKind = 'one Redis' | 'a Redis Cluster';

/** Where pods keep their state in a test: the settings that point them there, and its stop. */
export interface RedisBackend {
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/** Specs that prove a behaviour of pods sharing Redis run once on each. */
export const REDIS_BACKENDS: readonly RedisBackendKind[] = ['one Redis', 'a Redis Cluster'];

export async function startRedisBackend(kind: RedisBackendKind): Promise<RedisBackend> {
  if (kind === 'one Redis') {
    const server = await startRedis();
    return { env: { REDIS_URL: server.url }, stop: () => server.stop() };
  }
  const cluster = await startRedisCluster();
  return { env: { REDIS_CLUSTER_NODES: cluster.nodes }, stop: () => cluster.stop() };
}
