import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/app.factory';
import { type AppConfig, loadConfig } from '../../src/config/app-config';
import { MetricsServer } from '../../src/metrics/metrics-server';

export const TEST_JWT_SECRET = 'integration-test-secret-that-is-long-enough-0123456789';

export interface TestApp {
  readonly app: NestExpressApplication;
  readonly config: AppConfig;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** http://127.0.0.1:<metrics port>, when the test asked for one with METRICS_PORT. */
  readonly metricsUrl?: string;
  close(): Promise<void>;
}

/** The real app on a free loopback port, configured as a pod would be. */
export async function startTestApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    // Several pods share one test process: metrics only where a test asks for a port.
    METRICS_PORT: '0',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    STATIC_DIR: '/nonexistent-frontend-build',
    // Every spec signs up its users from 127.0.0.1; specs of the auth limits set their own.
    REGISTER_RATE_LIMIT: '100000',
    LOGIN_IP_RATE_LIMIT: '100000',
    // Loopback host candidates are enough between test clients: no public STUN.
    ICE_SERVERS: '[]',
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (typeof address !== 'object' || address === null) {
    throw new Error('app did not bind a port');
  }
  const metricsPort = app.get(MetricsServer).port;
  return {
    app,
    config,
    url: `http://127.0.0.1:${address.port}`,
    metricsUrl: metricsPort === undefined ? undefined : `http://127.0.0.1:${metricsPort}`,
    close: () => app.close(),
  };
}
