import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freePort } from './redis-server';

const READY = /Ready to accept connections/;
const PORT_IN_USE = /Address already in use|Could not (bind|create server TCP)/i;
/** Redis listens for its cluster bus on the client port + 10000 unless told otherwise. */
export const CLUSTER_BUS_OFFSET = 10_000;
const LOG_TAIL_CHARS = 4_000;
const MAX_PORT = 65_535;

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free loopback port whose cluster bus port is free too. `taken` holds the client and bus ports
 * already handed out, so two nodes never share one; the pair is added to it before returning.
 */
export async function freeClusterPort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = await freePort();
    const bus = port + CLUSTER_BUS_OFFSET;
    if (bus > MAX_PORT || taken.has(port) || taken.has(bus) || !(await isFree(bus))) {
      continue;
    }
    // Another node may have claimed either port while isFree was waiting.
    if (!taken.has(port) && !taken.has(bus)) {
      taken.add(port).add(bus);
      return port;
    }
  }
  throw new Error('found no free port whose cluster bus port (+10000) is free too');
}

export interface ClusterNodeSettings {
  nodeTimeoutMs: number;
}

/** One cluster-enabled redis-server; its nodes.conf stays in `dir`, so a restart rejoins the cluster. */
export class ClusterNodeProcess {
  private child: ChildProcess | undefined;
  private logTail = '';

  constructor(
    readonly port: number,
    readonly dir: string,
    private readonly settings: ClusterNodeSettings,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines the server logged, for error messages. */
  get log(): string {
    return this.logTail;
  }

  start(): Promise<void> {
    if (this.running) {
      return Promise.reject(new Error(`redis node :${this.port} is already running`));
    }
    return new Promise((resolve, reject) => {
      const child = spawn('redis-server', this.args(), { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
      this.child = child;
      // Only this run's log: the last run's "Ready" line must not pass for this one's.
      this.logTail = '';
      let ready = false;
      const remember = (chunk: Buffer): void => {
        this.logTail = (this.logTail + chunk.toString()).slice(-LOG_TAIL_CHARS);
        if (!ready && READY.test(this.logTail)) {
          ready = true;
          resolve();
        }
      };
      // Keep reading: a full pipe would stall the server's logging, and with it the server.
      child.stdout?.on('data', remember);
      child.stderr?.on('data', remember);
      child.once('exit', (code, signal) => {
        if (!ready) {
          const error = new Error(`redis node :${this.port} exited (${signal ?? code}) before it was ready:\n${this.logTail}`);
          reject(Object.assign(error, { portInUse: PORT_IN_USE.test(this.logTail) }));
        }
      });
    });
  }

  /** SIGKILL, as a crash would, and wait until the process is gone. */
  kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** For the test process's own exit, when nothing can be awaited any more. */
  killNow(): void {
    if (this.running) {
      this.child?.kill('SIGKILL');
    }
  }

  private args(): string[] {
    // A test cluster: nothing persisted but the cluster's own nodes.conf, quick failure detection,
    // and a replica that may always take over, however long ago it last heard from its master.
    return [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--protected-mode',
      'no',
      '--dir',
      this.dir,
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      'nodes.conf',
      '--cluster-node-timeout',
      String(this.settings.nodeTimeoutMs),
      '--cluster-replica-validity-factor',
      '0',
      '--cluster-allow-replica-migration',
      'no',
      '--appendonly',
      'no',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
      // The default waits 5 s for more replicas before a full sync; a test has none to wait for.
      '--repl-diskless-sync-delay',
      '0',
      '--repl-ping-replica-period',
      '1',
    ];
  }
}

export function isPortInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { portInUse?: unknown }).portInUse === true;
}

export function nodeDir(root: string, port: number): string {
  return join(root, `node-${port}`);
}
