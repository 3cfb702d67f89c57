import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { RedisService } from './redis/redis.service';

// Whatever else happens, a pod asked to stop is gone within this many ms.
const HARD_EXIT_AFTER_MS = 10_000;
/**
 * Connections the kernel queues for the pod before it accepts them (capped by net.core.somaxconn).
 * Node's default of 511 overflowed when a dead pod's 5,000 clients came back within 300 ms: the
 * dropped SYNs were sent again only after 1, 2, 4, 8, 16 s, most of a storm's tail.
 */
const LISTEN_BACKLOG = 4096;

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const app = await createApp(config);
  const logger = new Logger('Bootstrap');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), HARD_EXIT_AFTER_MS).unref());
  }

  if (config.jwtSecretGenerated) {
    logger.warn('JWT_SECRET is not set: using a random secret for this process, so sessions end when it restarts');
  }
  // Nest passes the arguments on to http.Server#listen(port, host, backlog), but does not type the backlog.
  const listen = app as unknown as { listen(port: number, host: string, backlog: number): Promise<unknown> };
  await listen.listen(config.port, config.host, LISTEN_BACKLOG);
  const redis = app.get(RedisService);
  const storage = redis.enabled ? redis.description : 'in memory (embedded mode: one process, data is lost when it stops)';
  logger.log(`Corkboard ${config.version} listening on http://localhost:${config.port} — data is ${storage}`);
}

void bootstrap();
