import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { RedisService } from './redis/redis.service';

// Whatever else happens, a pod asked to stop is gone within this many ms.
const HARD_EXIT_AFTER_MS = 10_000;

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
  await app.listen(config.port, config.host);
  const redis = app.get(RedisService);
  const storage = redis.enabled ? redis.description : 'in memory (embedded mode: one process, data is lost when it stops)';
  logger.log(`Corkboard ${config.version} listening on http://localhost:${config.port} — data is ${storage}`);
}

void bootstrap();
