import type { Cluster, Redis } from 'ioredis';

/**
 * What adapters talk to: one Redis, or a Redis Cluster that routes each command by its key's
 * slot. Both speak the same commands; a multi-key command, MULTI or script must then keep its
 * keys in one slot (a shared {hash tag}).
 */
export type RedisClient = Redis | Cluster;
