import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from './redis-server';
import { TEST_JWT_SECRET } from './test-app';

export const POD_ENTRY = resolve(__dirname, '../../../dist/server/backend/src/main.js');

/** A pod as a real child process, started from the build, for tests that need signals. */
export interface PodProcess {
  readonly url: string;
  /** http://127.0.0.1:<port> of the pod's own metrics listener. */
  readonly metricsUrl: string;
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

export async function startPodProcess(env: Record<string, string> = {}): Promise<PodProcess> {
  if (!existsSync(POD_ENTRY)) {
    throw new Error(`${POD_ENTRY} is missing: run \`npm run build:backend\` before the integration tests (npm test does)`);
  }
  const port = await freePort();
  const metricsPort = await freePort();
  const child = spawn(process.execPath, [POD_ENTRY], {
    cwd: join(__dirname, '../../..'),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'warn',
      STATIC_DIR: '/nonexistent-frontend-build',
      // The specs sign up every user from 127.0.0.1.
      REGISTER_RATE_LIMIT: '100000',
      LOGIN_IP_RATE_LIMIT: '100000',
      // Loopback host candidates are enough between test clients: no public STUN.
      ICE_SERVERS: '[]',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      resolveExit({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`pod exited during start:\n${output}`);
    }
    const ready = await fetch(`${url}/api/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) {
      break;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`pod not ready within 20 s:\n${output}`);
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  return { url, metricsUrl: `http://127.0.0.1:${metricsPort}`, child, exited, output: () => output };
}
