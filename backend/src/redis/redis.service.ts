import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import { UnavailableError } from '../common/domain-error';
import { AppConfig, redactUrl } from '../config/app-config';
import { upgradeKeyLayout } from './cluster-key-renames';
import type { RedisClient } from './redis-client';

const PING_TIMEOUT_MS = 1000;
/**
 * How often a cluster client re-reads the slot map even when nothing failed: a slot that moved
 * (resharding) is found within this, and the event bus re-subscribes its channels there.
 */
const SLOTS_REFRESH_MS = 1000;

export type RedisMode = 'single' | 'cluster';

/**
 * The pod's Redis connections. Commands fail fast while Redis is unreachable
 * (no offline queue) so callers can answer 503 at once instead of hanging;
 * the connection keeps retrying in the background and recovers by itself.
 */
@Injectable()
export class RedisService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly connections: RedisClient[] = [];
  private commandClient?: RedisClient;
  private isClosed = false;

  constructor(private readonly config: AppConfig) {
    // Created now (not connected) so adapters can hold the client from their constructors.
    if (this.mode !== undefined) {
      this.commandClient = this.createConnection('commands');
    }
  }

  get enabled(): boolean {
    return this.mode !== undefined;
  }

  get mode(): RedisMode | undefined {
    if (this.config.redisClusterNodes !== undefined) {
      return 'cluster';
    }
    return this.config.redisUrl === undefined ? undefined : 'single';
  }

  /** The shared connection (a cluster client in cluster mode) for ordinary commands. */
  get client(): RedisClient {
    if (!this.commandClient) {
      throw new Error('Redis is not configured (REDIS_URL and REDIS_CLUSTER_NODES are empty)');
    }
    return this.commandClient;
  }

  /** True once the app began closing its connections. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Where the pod's Redis is, for logs: passwords never appear. */
  get description(): string {
    const nodes = this.config.redisClusterNodes;
    if (nodes !== undefined) {
      return `Redis Cluster (seeds ${nodes.map((node) => `${node.host}:${node.port}`).join(', ')})`;
    }
    return this.config.redisUrl === undefined ? 'in memory' : `Redis at ${redactUrl(this.config.redisUrl)}`;
  }

  async onModuleInit(): Promise<void> {
    await this.commandClient?.connect();
    if (this.mode === 'single') {
      const upgraded = await upgradeKeyLayout(this.client);
      if (upgraded !== undefined && upgraded.renamed > 0) {
        this.logger.log(`Renamed ${upgraded.renamed} key(s) of an earlier version to their Redis Cluster names`);
      }
    }
  }

  /**
   * A new dedicated client (a cluster client in cluster mode), e.g. for BullMQ's blocking
   * commands. Closed with the app.
   */
  createConnection(name: string, overrides: RedisOptions = {}): RedisClient {
    const nodes = this.config.redisClusterNodes;
    if (nodes !== undefined) {
      return this.track(name, new Cluster([...nodes], this.clusterOptions(name, overrides)), 'the cluster');
    }
    const url = this.config.redisUrl;
    if (url === undefined) {
      throw new Error('Redis is not configured (REDIS_URL is empty)');
    }
    return this.track(name, new Redis(url, { ...this.connectionOptions(name), ...overrides }), redactUrl(url));
  }

  /**
   * A connection to one node of the cluster, e.g. a shard's Pub/Sub subscriber, which must sit on
   * the node that owns its channels' slot and can run no other commands. Closed with the app.
   */
  createNodeConnection(name: string, host: string, port: number, overrides: RedisOptions = {}): Redis {
    if (this.isClosed) {
      // A catch-up still running as the pod stops must not open a socket nobody will close.
      throw new UnavailableError('The pod is shutting down', 1);
    }
    const connection = new Redis({
      host,
      port,
      password: this.config.redisClusterPassword,
      ...this.connectionOptions(name),
      ...overrides,
    });
    return this.track(name, connection, `${host}:${port}`);
  }

  private connectionOptions(name: string): RedisOptions {
    return {
      connectionName: `corkboard:${name}`,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), 2000),
    };
  }

  private clusterOptions(name: string, overrides: RedisOptions): ClusterOptions {
    const redisOptions: RedisOptions = { ...this.connectionOptions(name), password: this.config.redisClusterPassword, ...overrides };
    return {
      lazyConnect: redisOptions.lazyConnect,
      // Fail fast, as on one Redis: while a shard fails over, callers answer 503 instead of hanging.
      enableOfflineQueue: redisOptions.enableOfflineQueue,
      // Reads and writes go to masters: a replica may lag behind what a client was just told.
      scaleReads: 'master',
      slotsRefreshInterval: SLOTS_REFRESH_MS,
      slotsRefreshTimeout: 1000,
      retryDelayOnFailover: 100,
      retryDelayOnClusterDown: 100,
      retryDelayOnTryAgain: 50,
      clusterRetryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), 2000),
      redisOptions,
    };
  }

  private track<T extends RedisClient>(name: string, connection: T, where: string): T {
    let reported = false;
    connection.on('error', (error: Error) => {
      // ioredis emits an error per failed reconnect attempt: log the first one.
      if (!reported) {
        this.logger.warn(`${name}: ${error.message}`);
      }
      reported = true;
    });
    connection.on('ready', () => {
      if (reported) {
        this.logger.log(`${name}: reconnected to ${where}`);
      }
      reported = false;
    });
    this.connections.push(connection);
    return connection;
  }

  /** Forgets a connection closed before the app (a shard subscriber whose node left). */
  release(connection: RedisClient): void {
    const index = this.connections.indexOf(connection);
    if (index >= 0) {
      this.connections.splice(index, 1);
    }
  }

  /** Round-trip time in ms, or an error when Redis does not answer in time. */
  async ping(timeoutMs = PING_TIMEOUT_MS): Promise<number> {
    const started = process.hrtime.bigint();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.client.ping(),
        new Promise((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis did not answer PING within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
    return Number(process.hrtime.bigint() - started) / 1e6;
  }

  async onApplicationShutdown(): Promise<void> {
    this.isClosed = true;
    await Promise.all(
      this.connections.map(async (connection) => {
        try {
          await connection.quit();
        } catch {
          connection.disconnect();
        }
      }),
    );
  }
}
