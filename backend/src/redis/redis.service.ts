import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { AppConfig, redactUrl } from '../config/app-config';

const PING_TIMEOUT_MS = 1000;

/**
 * The pod's Redis connections. Commands fail fast while Redis is unreachable
 * (no offline queue) so callers can answer 503 at once instead of hanging;
 * the connection keeps retrying in the background and recovers by itself.
 */
@Injectable()
export class RedisService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly connections: Redis[] = [];
  private commandClient?: Redis;

  constructor(private readonly config: AppConfig) {
    // Created now (not connected) so adapters can hold the client from their constructors.
    if (config.redisUrl !== undefined) {
      this.commandClient = this.createConnection('commands');
    }
  }

  get enabled(): boolean {
    return this.config.redisUrl !== undefined;
  }

  /** The shared connection for ordinary commands. */
  get client(): Redis {
    if (!this.commandClient) {
      throw new Error('Redis is not configured (REDIS_URL is empty)');
    }
    return this.commandClient;
  }

  async onModuleInit(): Promise<void> {
    await this.commandClient?.connect();
  }

  /**
   * A new dedicated connection, e.g. for Pub/Sub subscriber mode, which can run
   * no other commands. Closed with the app.
   */
  createConnection(name: string, overrides: RedisOptions = {}): Redis {
    const url = this.config.redisUrl;
    if (url === undefined) {
      throw new Error('Redis is not configured (REDIS_URL is empty)');
    }
    const connection = new Redis(url, {
      connectionName: `corkboard:${name}`,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), 2000),
      ...overrides,
    });
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
        this.logger.log(`${name}: reconnected to ${redactUrl(url)}`);
      }
      reported = false;
    });
    this.connections.push(connection);
    return connection;
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
