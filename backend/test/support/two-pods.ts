import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { type RedisOptions, type RedisServer, startRedis } from './redis-server';
import type { SseClient } from './sse-client';
import { startTestApp, type TestApp } from './test-app';

type Env = Record<string, string | undefined>;

export interface TwoPodsOptions {
  /** Settings of both pods, besides REDIS_URL. */
  env?: Env;
  /** Settings only pod A gets (e.g. a metrics port), asked for when the pods start. */
  podAEnv?: () => Env | Promise<Env>;
  redis?: RedisOptions;
}

/**
 * Two app pods sharing one real redis-server, for the enclosing describe block: started before
 * its first test, stopped after its last. Streams pushed onto `streams` are closed after each test.
 */
export class TwoPods {
  readonly streams: SseClient[] = [];
  private started: { redis: RedisServer; a: TestApp; b: TestApp } | undefined;

  get redis(): RedisServer {
    return this.running.redis;
  }

  get a(): TestApp {
    return this.running.a;
  }

  get b(): TestApp {
    return this.running.b;
  }

  /** Keeps a stream open until the end of the test. */
  track<T extends SseClient>(client: T): T {
    this.streams.push(client);
    return client;
  }

  async start(options: TwoPodsOptions): Promise<void> {
    const redis = await startRedis(options.redis);
    const env = { ...options.env, REDIS_URL: redis.url };
    const [a, b] = await Promise.all([startTestApp({ ...env, ...(await options.podAEnv?.()) }), startTestApp(env)]);
    this.started = { redis, a, b };
  }

  async stop(): Promise<void> {
    const started = this.started;
    this.started = undefined;
    await Promise.all([started?.a.close(), started?.b.close()]);
    await started?.redis.stop();
  }

  private get running(): { redis: RedisServer; a: TestApp; b: TestApp } {
    if (!this.started) {
      throw new Error('The pods only run while their describe block does');
    }
    return this.started;
  }
}

export function useTwoPods(options: TwoPodsOptions = {}): TwoPods {
  const pods = new TwoPods();
  beforeAll(() => pods.start(options));
  afterEach(() => {
    for (const client of pods.streams.splice(0)) {
      client.close();
    }
  });
  afterAll(() => pods.stop());
  return pods;
}
