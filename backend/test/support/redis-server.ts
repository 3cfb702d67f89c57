import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real redis-server owned by one test file, on a free loopback port. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGTERM, no save) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port: empty as after a crash, or with its data when persistent. */
  start(): Promise<void>;
}

const READY = /Ready to accept connections/;

export function assertRedisInstalled(): void {
  let version: string;
  try {
    version = execFileSync('redis-server', ['--version'], { encoding: 'utf8' });
  } catch {
    throw new Error('redis-server is not installed: the integration tests need Redis ≥ 7 (Debian: apt-get install -y redis-server)');
  }
  const major = Number(/v=(\d+)/.exec(version)?.[1] ?? 0);
  if (major < 7) {
    throw new Error(`redis-server ${major} found, the integration tests need Redis ≥ 7`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RedisOptions {
  /** Keep data across stop/start (append-only file in a temp folder), like a production Redis. */
  persistent?: boolean;
  /** More redis-server arguments, e.g. to enable cluster mode. */
  args?: readonly string[];
}

export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  assertRedisInstalled();
  const port = await freePort();
  const persistence = options.persistent
    ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', mkdtempSync(join(tmpdir(), 'corkboard-redis-'))]
    : ['--appendonly', 'no'];
  let child: ChildProcess | undefined;

  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const proc = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          ...persistence,
          '--maxmemory-policy',
          'noeviction',
          ...(options.args ?? []),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = proc;
      // Never outlive the test process, even when a suite fails before its afterAll.
      const killOnExit = (): void => void proc.kill('SIGKILL');
      process.once('exit', killOnExit);
      proc.once('exit', () => process.off('exit', killOnExit));
      let output = '';
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (READY.test(output)) {
          proc.stdout?.off('data', onData);
          proc.stdout?.resume();
          resolve();
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.resume();
      proc.once('exit', (code) => reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`)));
    });

  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      const proc = child;
      child = undefined;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) {
        return resolve();
      }
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });

  await start();
  return { port, url: `redis://127.0.0.1:${port}`, stop, start };
}
