// What the bench measures and drives it: pods, redis-server or a local Redis Cluster, the
// reference server, the boards the streams watch, and the load generator processes.

import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { redisCli, startRedisCluster } from '../../scripts/redis-cluster.mjs';
import { BENCH_DIR, ROOT, log, podEntry, sleep } from './common.mjs';
import { expectStatus, request } from './http-client.mjs';
import { freePort, readProc, spawnServer, stopProcess, track, waitUntil } from './processes.mjs';

// ---------------------------------------------------------------------------
// What we measure: servers

export const JWT_SECRET = randomBytes(36).toString('base64url');

export function baseEnv() {
  const env = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'TMPDIR']) {
    if (process.env[key] !== undefined) {
      env[key] = process.env[key];
    }
  }
  return env;
}

export async function startRedis() {
  const port = await freePort();
  const child = spawnServer(
    'redis-server',
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      '--dir',
      os.tmpdir(),
      '--loglevel',
      'warning',
    ],
    baseEnv(),
  );
  await waitUntil('redis-server to answer PING', () => redisPing(port), 15000, child);
  log(`redis-server pid ${child.pid} on port ${port}`);
  return { child, port, url: `redis://127.0.0.1:${port}` };
}

export function redisPing(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      text += data;
      if (text.includes('\r\n')) {
        done(text.startsWith('+PONG'));
      }
    });
    socket.on('error', () => done(false));
  });
}

/**
 * A Redis node's CPU time so far (INFO cpu: µs resolution, where /proc counts 10 ms ticks), its
 * commands' calls and time (INFO commandstats), and the SPUBLISH calls it ran (the event script publishes once per event, so on a cluster this says how
 * the events spread over the shards). NaN when the node does not answer.
 */
export async function redisStats(port) {
  try {
    const info = await redisCli(port, ['INFO', 'cpu', 'commandstats']);
    const number = (pattern) => Number(pattern.exec(info)?.[1] ?? NaN);
    const commands = {};
    for (const [, name, calls, usec] of info.matchAll(/^cmdstat_(\S+):calls=(\d+),usec=(\d+)/gm)) {
      commands[name] = { calls: Number(calls), usec: Number(usec) };
    }
    return {
      cpuMs: (number(/^used_cpu_sys:([\d.]+)/m) + number(/^used_cpu_user:([\d.]+)/m)) * 1000,
      publishes: commands.spublish?.calls ?? 0,
      commands,
    };
  } catch {
    return { cpuMs: NaN, publishes: NaN, commands: {} };
  }
}

export function nodeDiagnosticArgs(diag) {
  const args = [];
  if (diag.profDir) {
    args.push('--cpu-prof', `--cpu-prof-dir=${diag.profDir}`);
  }
  if (diag.heapDir) {
    args.push('--heapsnapshot-signal=SIGWINCH', `--diagnostic-dir=${diag.heapDir}`);
  }
  return args;
}

/**
 * 3 masters with a replica each, on free ports, its processes tracked like every other child.
 * Returns the same shape as startRedis() plus `nodes` (REDIS_CLUSTER_NODES) and the roles.
 */
export async function startBenchRedisCluster(runTag) {
  const dir = path.join(os.tmpdir(), `corkboard-bench-cluster-${runTag}-${randomBytes(3).toString('hex')}`);
  const cluster = await startRedisCluster({ masters: 3, replicas: 1, dir, onChild: track });
  log(
    `redis cluster: masters ${cluster.masters.map((m) => `${m.port} (pid ${m.pid})`).join(', ')}; ` +
      `replicas ${cluster.replicas.map((r) => `${r.port}→${r.masterPort}`).join(', ')}`,
  );
  return {
    ...cluster,
    stop: async () => {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Where a pod's Redis is: `{ url }` (one redis-server), `{ clusterNodes }` (a cluster) or undefined (memory). */
export async function startPod(name, opts, redis, diag) {
  const port = await freePort();
  const metricsPort = await freePort();
  const env = {
    ...baseEnv(),
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    JWT_SECRET,
    LOG_LEVEL: 'warn',
    SSE_MAX_CONNECTIONS: String(opts.streams + 1000),
    SSE_MAX_CONNECTIONS_PER_USER: String(Math.min(10000, Math.ceil(opts.streams / opts.users) + 50)),
    WRITE_RATE_LIMIT: '1000000',
    // A bench user holds up to thousands of polling clients, a real one a few devices.
    POLL_RATE_LIMIT: '1000000',
    // Every bench user signs up and joins the board from 127.0.0.1.
    REGISTER_RATE_LIMIT: '1000000',
    LOGIN_IP_RATE_LIMIT: '1000000',
    INVITE_RATE_LIMIT: '1000000',
    SSE_HEARTBEAT_MS: String(opts.heartbeatMs),
  };
  if (opts.connectBurst !== undefined) {
    env.SSE_CONNECT_BURST = String(opts.connectBurst);
  }
  if (opts.connectRate === undefined && opts.scenario !== 'storm') {
    // The fanout and poll scenarios measure what opening a stream costs, not admission.
    env.SSE_CONNECT_RATE = '0';
  } else if (opts.connectRate !== undefined) {
    env.SSE_CONNECT_RATE = String(opts.connectRate);
  }
  if (redis?.url) {
    env.REDIS_URL = redis.url;
  } else if (redis?.clusterNodes) {
    env.REDIS_CLUSTER_NODES = redis.clusterNodes;
  }
  const args = [...nodeDiagnosticArgs(diag), podEntry];
  const child = spawnServer(name, process.execPath, args, env);
  await waitUntil(
    `${name} to be ready`,
    async () => (await request(port, 'GET', '/api/health/ready', { timeoutMs: 2000 })).status === 200,
    30000,
    child,
  );
  const where = redis?.url ? ` (${redis.url})` : redis?.clusterNodes ? ' (Redis Cluster)' : ' (in memory)';
  log(`${name} pid ${child.pid} on port ${port}${where}`);
  return { child, port, metricsPort, name };
}

export async function startReference(opts, diag) {
  const port = await freePort();
  const env = { ...baseEnv(), PORT: String(port), HOST: '127.0.0.1', HEARTBEAT_MS: String(opts.heartbeatMs) };
  const child = spawnServer(
    'reference',
    process.execPath,
    [...nodeDiagnosticArgs(diag), path.join(BENCH_DIR, 'reference-server.mjs')],
    env,
  );
  await waitUntil(
    'reference server to be ready',
    async () => (await request(port, 'GET', '/health', { timeoutMs: 2000 })).status === 200,
    15000,
    child,
  );
  log(`reference pid ${child.pid} on port ${port}`);
  return { child, port, name: 'reference' };
}

const SETUP_PARALLEL_BOARDS = 8;

/** Users, `opts.boards` boards they all belong to, and a few notes on each to update. */
export async function setupBoards(port, opts) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: SETUP_PARALLEL_BOARDS });
  const tag = randomBytes(3).toString('hex');
  const password = 'bench-password-1';
  const accounts = [];
  const started = Date.now();
  for (let i = 0; i < opts.users; i += 4) {
    const batch = [];
    for (let j = i; j < Math.min(opts.users, i + 4); j++) {
      const username = `bench_${tag}_${j}`;
      batch.push(
        expectStatus(
          `register ${username}`,
          request(port, 'POST', '/api/auth/register', { body: { username, password }, agent }),
          201,
        ).then((json) => ({ username, token: json.accessToken, id: json.user.id })),
      );
    }
    accounts.push(...(await Promise.all(batch)));
  }
  const owner = accounts[0];
  const setupBoard = async (b) => {
    const board = await expectStatus(
      'create board',
      request(port, 'POST', '/api/boards', { body: { title: `bench ${b}` }, token: owner.token, agent }),
      201,
    );
    for (const member of accounts.slice(1)) {
      const invitation = await expectStatus(
        `invite ${member.username}`,
        request(port, 'POST', `/api/boards/${board.id}/members`, { body: { username: member.username }, token: owner.token, agent }),
        201,
      );
      // Invitations are offers: the member joins on accepting.
      await expectStatus(
        `accept ${member.username}`,
        request(port, 'POST', `/api/invitations/${invitation.id}/accept`, { token: member.token, agent }),
        200,
      );
    }
    const noteIds = [];
    for (let i = 0; i < opts.notes; i++) {
      const note = await expectStatus(
        'create note',
        request(port, 'POST', `/api/boards/${board.id}/notes`, {
          body: { text: `bench note ${i}`, x: 100 + 50 * i, y: 100, color: 'yellow' },
          token: owner.token,
          agent,
        }),
        201,
      );
      noteIds.push(note.id);
    }
    return { id: board.id, noteIds };
  };
  // A few boards at a time: the storm scenario sets up a hundred.
  const boards = [];
  for (let b = 0; b < opts.boards; b += SETUP_PARALLEL_BOARDS) {
    const batch = Array.from({ length: Math.min(SETUP_PARALLEL_BOARDS, opts.boards - b) }, (_, k) => setupBoard(b + k));
    boards.push(...(await Promise.all(batch)));
  }
  agent.destroy();
  log(
    `setup: ${accounts.length} users, ${boards.length === 1 ? `board ${boards[0].id}` : `${boards.length} boards`}, ${opts.notes} notes each in ${Date.now() - started} ms`,
  );
  return { tokens: accounts.map((a) => a.token), ownerToken: owner.token, boards };
}

export const NGINX_BIN = '/usr/sbin/nginx';

/**
 * nginx in front of `pods`, from deploy/nginx/corkboard.conf.template as docs/deploy.md runs
 * it, except that the generators speak plain HTTP/1.1 (one connection per stream, as a browser
 * without HTTP/2): the TLS + HTTP/2 listener becomes a plain one, and each worker gets its own
 * listening socket (reuseport), so that neither of them has to hold more than its share of the
 * 2 × streams descriptors within the open-file limit.
 */
export async function startNginx(pods, dir) {
  const port = await freePort();
  const redirectPort = await freePort();
  mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  const vars = {
    BACKEND_1: `127.0.0.1:${pods[0].port}`,
    BACKEND_2: `127.0.0.1:${pods[1].port}`,
    NGINX_HTTPS_PORT: String(port),
    NGINX_HTTP_PORT: String(redirectPort),
    TLS_CERT: 'none',
    TLS_KEY: 'none',
    NGINX_ACCESS_LOG: '/dev/null',
  };
  const template = readFileSync(path.join(ROOT, 'deploy', 'nginx', 'corkboard.conf.template'), 'utf8');
  const site = template
    .replace(/\$\{([A-Z][A-Z0-9_]*)\}/g, (match, name) => vars[name] ?? match)
    .replace(`listen ${port} ssl http2;`, `listen 127.0.0.1:${port} reuseport;`)
    .replace(`listen ${redirectPort};`, `listen 127.0.0.1:${redirectPort};`)
    .replace(/^\s*ssl_[^\n]*\n/gm, '');
  if (!site.includes(`listen 127.0.0.1:${port} reuseport;`)) {
    throw new Error('deploy/nginx/corkboard.conf.template changed: its TLS listener was not found');
  }
  writeFileSync(path.join(dir, 'corkboard.conf'), site);
  const tmp = (name) => JSON.stringify(path.join(dir, 'tmp', name));
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `daemon off;
${root ? 'user root;\n' : ''}worker_processes 2;
worker_rlimit_nofile 19500;
worker_shutdown_timeout 1s;
pid ${JSON.stringify(path.join(dir, 'nginx.pid'))};
error_log stderr error;
events {
    worker_connections 19000;
}
http {
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path ${tmp('client_body')};
    proxy_temp_path ${tmp('proxy')};
    fastcgi_temp_path ${tmp('fastcgi')};
    uwsgi_temp_path ${tmp('uwsgi')};
    scgi_temp_path ${tmp('scgi')};
    keepalive_timeout 65s;
    include corkboard.conf;
}
`,
  );
  const child = spawnServer('nginx', NGINX_BIN, ['-p', dir + path.sep, '-c', 'nginx.conf', '-e', 'stderr'], baseEnv());
  await waitUntil(
    'nginx to be ready',
    async () => (await request(port, 'GET', '/api/health/ready', { timeoutMs: 2000 })).status === 200,
    15000,
    child,
  );
  const workerPids = childPids(child.pid);
  log(`nginx pid ${child.pid} (workers ${workerPids.join(', ')}) on port ${port} in front of ${pods.map((p) => p.name).join(' and ')}`);
  return { child, port, name: 'nginx', workerPids };
}

/** Processes whose parent is `pid` (nginx's workers). */
function childPids(pid) {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => {
      const stat = readProc(child, 'stat');
      return stat !== undefined && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
    });
}

// ---------------------------------------------------------------------------
// Load generator processes

export function startClient(index) {
  // BENCH_CLIENT_PROF=<dir> profiles the generators themselves (to check they are cheap enough).
  const execArgv = process.env.BENCH_CLIENT_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CLIENT_PROF}`] : [];
  const child = fork(path.join(BENCH_DIR, 'stream-client.mjs'), [], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
  });
  track(child, `generator-${index}`);
  const mailbox = new Map();
  const waiters = new Map();
  child.on('message', (message) => {
    if (message.type === 'error') {
      log(`generator-${index}: ${message.message}`);
    }
    const queue = waiters.get(message.type);
    if (queue?.length) {
      queue.shift()(message);
    } else {
      if (!mailbox.has(message.type)) {
        mailbox.set(message.type, []);
      }
      mailbox.get(message.type).push(message);
    }
  });
  const next = (type, timeoutMs) =>
    new Promise((resolve, reject) => {
      const stored = mailbox.get(type);
      if (stored?.length) {
        return resolve(stored.shift());
      }
      if (child.exited) {
        return reject(new Error(`generator-${index} exited (${JSON.stringify(child.exitInfo)})`));
      }
      let timer;
      const onExit = () => {
        clearTimeout(timer);
        reject(new Error(`generator-${index} exited while waiting for "${type}"`));
      };
      const deliver = (message) => {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(message);
      };
      timer = setTimeout(() => {
        const queue = waiters.get(type);
        queue?.splice(queue.indexOf(deliver), 1);
        child.off('exit', onExit);
        reject(new Error(`generator-${index}: no "${type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      child.once('exit', onExit);
      if (!waiters.has(type)) {
        waiters.set(type, []);
      }
      waiters.get(type).push(deliver);
    });
  const call = (message, type, timeoutMs = 30000) => {
    child.send(message);
    return next(type, timeoutMs);
  };
  return { child, index, next, call };
}

/** Asks each generator to close its streams and exit; kills the ones that do not. */
export async function stopClients(clients) {
  await Promise.all(
    clients.map(async (c) => {
      if (c.child.exited) {
        return;
      }
      try {
        await c.call({ cmd: 'close' }, 'closed', 10000);
        // It exits by itself right after; give it the time to (e.g. to write a profile).
        await Promise.race([new Promise((resolve) => c.child.once('exit', resolve)), sleep(5000)]);
      } catch {
        // killed below
      }
      await stopProcess(c.child, 10000);
    }),
  );
}
