#!/usr/bin/env node
// `npm run cluster`: the production topology from local binaries, in the foreground.
//
//   browser ──HTTPS/HTTP2──▶ nginx :8443 ──HTTP/1.1──▶ pod1 :3001 ─┐
//            (HTTP :8080 redirects)             └──▶ pod2 :3002 ─┴─▶ redis :6380
//
// Uses deploy/nginx/corkboard.conf.template (the same file docker-compose uses),
// keeps all state in .cluster/ and stops everything on Ctrl-C / SIGTERM. If any
// process dies on its own, the rest are torn down and the exit code is 1.
//
// Programmatic use (e.g. e2e tests):
//   import { startCluster } from './scripts/cluster.mjs';
//   const cluster = await startCluster({ httpsPort: 9443, podPorts: [4001, 4002] });
//   await cluster.killPod(0);     // SIGKILL pod1
//   await cluster.startPod(0);    // bring it back, waits for readiness
//   await cluster.stop();
//
// Only Node built-ins; only ever signals processes it started, by PID.

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_POD_ENTRY = 'dist/server/backend/src/main.js';
export const DEFAULTS = Object.freeze({
  redisPort: 6380,
  podPorts: Object.freeze([3001, 3002]),
  // Each pod's Prometheus /metrics, on loopback only and never routed by nginx.
  metricsPorts: Object.freeze([9465, 9466]),
  httpsPort: 8443,
  httpPort: 8080,
});

const POD_STOP_TIMEOUT_MS = 15_000;
const NGINX_STOP_TIMEOUT_MS = 6_000; // nginx.conf sets worker_shutdown_timeout 1s
const REDIS_STOP_TIMEOUT_MS = 10_000;

/** A problem the user can fix (missing build, missing binary, port in use…). */
export class ClusterError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ClusterError';
  }
}

class AbortedError extends Error {
  constructor() {
    super('cluster start aborted');
    this.name = 'AbortError';
  }
}

// ---------------------------------------------------------------------------
// Child processes

/** Every child still running, so a crash or process.exit() never leaves one behind. */
const live = new Set();
let exitHookInstalled = false;

function killGroup(proc, signal, { groupOnly = false } = {}) {
  // Children are spawned detached, i.e. each leads its own process group whose
  // id is its PID: the group holds only that child and its descendants.
  const targets = groupOnly ? [-proc.pid] : [-proc.pid, proc.pid];
  for (const target of targets) {
    try {
      process.kill(target, signal);
      return;
    } catch (error) {
      if (error.code !== 'ESRCH') {
        throw error;
      }
    }
  }
}

function sendSignal(proc, signal) {
  if (proc.exited) {
    return;
  }
  try {
    process.kill(proc.pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') {
      throw error;
    }
  }
}

/** SIGKILL every child this module started and that is still alive. Synchronous. */
export function killAllNow() {
  for (const proc of live) {
    proc.expected = true;
    killGroup(proc, 'SIGKILL');
  }
}

function launch(name, command, args, { cwd, env, log, onExit }) {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killAllNow);
  }
  // detached: a terminal Ctrl-C reaches only this script, which then stops the
  // children in order (nginx, pods, redis) instead of all at once.
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const proc = { name, child, pid: child.pid, exited: false, expected: false, exitInfo: undefined };
  for (const [stream, isError] of [
    [child.stdout, false],
    [child.stderr, true],
  ]) {
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => log(`[${name}] ${line}`, isError));
  }
  let settle;
  proc.done = new Promise((resolve) => (settle = resolve));
  const finish = (info) => {
    if (proc.exited) {
      return;
    }
    proc.exited = true;
    proc.exitInfo = info;
    live.delete(proc);
    // Sweep anything the child left behind in its own process group (the
    // child itself is reaped already, so never signal its bare PID here).
    if (proc.pid !== undefined) {
      killGroup(proc, 'SIGKILL', { groupOnly: true });
    }
    settle(info);
    onExit?.(proc, info);
  };
  child.on('exit', (code, signal) => finish({ code, signal }));
  child.on('error', (error) => finish({ code: null, signal: null, error }));
  if (child.pid !== undefined) {
    live.add(proc);
  }
  return proc;
}

function describeExit(info) {
  if (!info) {
    return 'still running';
  }
  if (info.error) {
    return `failed to start: ${info.error.message}`;
  }
  return info.signal ? `killed by ${info.signal}` : `exit code ${info.code}`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitExit(proc, timeoutMs) {
  if (proc.exited) {
    return true;
  }
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  const exited = await Promise.race([proc.done.then(() => true), timeout]);
  clearTimeout(timer);
  return exited;
}

/** Signal one child, wait for it, SIGKILL its group after timeoutMs. */
async function terminate(proc, signal, timeoutMs, log) {
  if (!proc || proc.exited) {
    return;
  }
  proc.expected = true;
  sendSignal(proc, signal);
  if (await waitExit(proc, timeoutMs)) {
    return;
  }
  log(`[cluster] ${proc.name} (pid ${proc.pid}) still running after ${timeoutMs / 1000}s, sending SIGKILL`, true);
  killGroup(proc, 'SIGKILL');
  await proc.done;
}

// ---------------------------------------------------------------------------
// Probes

function httpStatus(client, options, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const request = client.get({ ...options, agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

function redisPing(port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) {
        done(reply.startsWith('+PONG'));
      }
    });
    socket.on('error', () => done(false));
  });
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Polls check() until it returns true; fails fast if a watched child exits or start is aborted. */
async function waitUntil(what, check, { timeoutMs, watch = [], signal }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) {
      throw new AbortedError();
    }
    for (const proc of watch) {
      if (proc.exited) {
        throw new ClusterError(`${proc.name} ${describeExit(proc.exitInfo)} while waiting for ${what} (see its output above)`);
      }
    }
    if (await check()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new ClusterError(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    }
    await sleep(200);
  }
}

// ---------------------------------------------------------------------------
// Prerequisites and files

/** A path for messages: relative when inside the repo. */
function shown(file) {
  const relative = path.relative(REPO_ROOT, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function findExecutable(name, extraDirs = []) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs];
  for (const dir of dirs) {
    if (!dir) {
      continue;
    }
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/** Finds redis-server, nginx and openssl; throws one ClusterError naming the Debian packages to install. */
export function findBinaries() {
  const sbin = ['/usr/sbin', '/usr/local/sbin', '/sbin', '/usr/bin', '/usr/local/bin'];
  const wanted = [
    ['redisServer', 'redis-server', 'redis-server'],
    ['nginx', 'nginx', 'nginx'],
    ['openssl', 'openssl', 'openssl'],
  ];
  const found = {};
  const missing = [];
  for (const [key, binary, debianPackage] of wanted) {
    found[key] = findExecutable(binary, sbin);
    if (!found[key]) {
      missing.push({ binary, debianPackage });
    }
  }
  if (missing.length > 0) {
    throw new ClusterError(
      missing.map(({ binary }) => `\`${binary}\` not found (looked on PATH and in /usr/sbin).`).join('\n') +
        `\nInstall it with: sudo apt-get install ${missing.map((m) => m.debianPackage).join(' ')}   (Debian/Ubuntu packages)`,
    );
  }
  return found;
}

function ensureCertificate(openssl, certDir, log) {
  const cert = path.join(certDir, 'tls.crt');
  const key = path.join(certDir, 'tls.key');
  if (existsSync(cert) && existsSync(key)) {
    // Reuse it unless it expires within a day.
    const check = spawnSync(openssl, ['x509', '-checkend', '86400', '-noout', '-in', cert], { stdio: 'ignore' });
    if (check.status === 0) {
      return { cert, key };
    }
  }
  log(`[cluster] generating a self-signed certificate for localhost in ${shown(certDir)}`);
  // prettier-ignore
  const result = spawnSync(openssl, [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', key, '-out', cert,
  ], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new ClusterError(`openssl failed to create the certificate:\n${result.stderr || result.error?.message}`);
  }
  chmodSync(key, 0o600);
  return { cert, key };
}

/** Replaces ${NAME} placeholders; refuses to leave an unknown one behind. */
export function renderTemplate(template, vars) {
  const rendered = template.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (match, name) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : match,
  );
  const left = [...new Set([...rendered.matchAll(/\$\{([A-Z][A-Z0-9_]*)\}/g)].map((m) => m[1]))];
  if (left.length > 0) {
    throw new ClusterError(`nginx template has placeholders without a value: ${left.join(', ')}`);
  }
  return rendered;
}

const q = (value) => JSON.stringify(value); // a double-quoted nginx string

function mainNginxConf(dir) {
  const tmp = (name) => q(path.join(dir, 'tmp', name));
  const mimeTypes = '/etc/nginx/mime.types';
  const types = existsSync(mimeTypes)
    ? `include ${mimeTypes};`
    : 'types { text/html html; text/css css; application/javascript js mjs; application/json json; image/svg+xml svg; image/png png; font/woff2 woff2; }';
  return `# Generated by scripts/cluster.mjs on every start; edits are overwritten.
daemon off;
${typeof process.getuid === 'function' && process.getuid() === 0 ? '# Running as root: keep the workers as root too, so they can use the temp dirs below.\nuser root;\n' : ''}worker_processes 2;
# Graceful stop (SIGQUIT) lets short requests finish but cuts SSE streams after 1 s.
worker_shutdown_timeout 1s;
pid ${q(path.join(dir, 'nginx.pid'))};
error_log ${q(path.join(dir, 'logs', 'error.log'))} warn;
error_log stderr error;

events {
    worker_connections 1024;
}

http {
    ${types}
    default_type application/octet-stream;
    access_log ${q(path.join(dir, 'logs', 'access.log'))};

    client_body_temp_path ${tmp('client_body')};
    proxy_temp_path ${tmp('proxy')};
    fastcgi_temp_path ${tmp('fastcgi')};
    uwsgi_temp_path ${tmp('uwsgi')};
    scgi_temp_path ${tmp('scgi')};

    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65s;

    include corkboard.conf;
}
`;
}

function parsePort(value, name) {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ClusterError(`${name} must be a port number (got "${value}")`);
  }
  return port;
}

/** The options `npm run cluster` takes from the environment. */
export function optionsFromEnv(env = process.env) {
  const options = {};
  if (env.CLUSTER_REDIS_PORT) {
    options.redisPort = parsePort(env.CLUSTER_REDIS_PORT, 'CLUSTER_REDIS_PORT');
  }
  if (env.CLUSTER_HTTPS_PORT) {
    options.httpsPort = parsePort(env.CLUSTER_HTTPS_PORT, 'CLUSTER_HTTPS_PORT');
  }
  if (env.CLUSTER_HTTP_PORT) {
    options.httpPort = parsePort(env.CLUSTER_HTTP_PORT, 'CLUSTER_HTTP_PORT');
  }
  if (env.CLUSTER_METRICS_PORTS) {
    options.metricsPorts = env.CLUSTER_METRICS_PORTS.split(',').map((p) => parsePort(p.trim(), 'CLUSTER_METRICS_PORTS'));
  }
  if (env.CLUSTER_POD_PORTS) {
    options.podPorts = env.CLUSTER_POD_PORTS.split(',').map((p) => parsePort(p.trim(), 'CLUSTER_POD_PORTS'));
  }
  if (env.CLUSTER_POD_ENTRY) {
    options.entry = env.CLUSTER_POD_ENTRY;
  }
  return options;
}

// ---------------------------------------------------------------------------
// The cluster

/**
 * Starts redis, two pods and nginx; resolves once nginx answers /api/health/ready.
 *
 * @param {object} [opts]
 * @param {number} [opts.redisPort=6380]
 * @param {number[]} [opts.podPorts=[3001,3002]]  exactly two ports
 * @param {number[]} [opts.metricsPorts=[9465,9466]]  each pod's metrics port (loopback)
 * @param {number} [opts.httpsPort=8443]
 * @param {number} [opts.httpPort=8080]
 * @param {string} [opts.workDir='<repo>/.cluster']
 * @param {string} [opts.entry]            pod entry file (default dist/server/backend/src/main.js)
 * @param {string} [opts.jwtSecret]        default: $JWT_SECRET, else random for this run
 * @param {object} [opts.env]              extra env for both pods (applied last)
 * @param {object[]} [opts.podEnv]         extra env per pod, by index
 * @param {boolean} [opts.freshRedis=false] wipe the Redis data dir first
 * @param {number} [opts.readyTimeoutMs=60000]
 * @param {(line: string, isError: boolean) => void} [opts.log]
 * @param {(name: string, info: {code, signal}) => void} [opts.onUnexpectedExit] a child died on its own
 * @param {AbortSignal} [opts.signal]      abort a start in progress (everything started is stopped)
 */
export async function startCluster(opts = {}) {
  const log = opts.log ?? ((line, isError) => (isError ? console.error(line) : console.log(line)));
  const abort = opts.signal;
  const redisPort = opts.redisPort ?? DEFAULTS.redisPort;
  const podPorts = [...(opts.podPorts ?? DEFAULTS.podPorts)];
  const metricsPorts = [...(opts.metricsPorts ?? DEFAULTS.metricsPorts)];
  const httpsPort = opts.httpsPort ?? DEFAULTS.httpsPort;
  const httpPort = opts.httpPort ?? DEFAULTS.httpPort;
  const readyTimeoutMs = opts.readyTimeoutMs ?? 60_000;
  const workDir = path.resolve(opts.workDir ?? path.join(REPO_ROOT, '.cluster'));
  const entry = path.resolve(REPO_ROOT, opts.entry ?? DEFAULT_POD_ENTRY);

  if (podPorts.length !== 2) {
    throw new ClusterError(`the cluster has exactly two pods (got ports: ${podPorts.join(',')})`);
  }
  if (metricsPorts.length !== 2) {
    throw new ClusterError(`each of the two pods needs a metrics port (got: ${metricsPorts.join(',')})`);
  }
  const allPorts = [redisPort, ...podPorts, ...metricsPorts, httpsPort, httpPort];
  if (new Set(allPorts).size !== allPorts.length) {
    throw new ClusterError(`ports must all differ (got ${allPorts.join(', ')})`);
  }
  if (!existsSync(entry)) {
    throw new ClusterError(`${shown(entry)} not found: run \`npm run build\` first`);
  }
  const bin = findBinaries();
  for (const [port, what] of [
    [redisPort, 'redis (CLUSTER_REDIS_PORT)'],
    [podPorts[0], 'pod1 (CLUSTER_POD_PORTS)'],
    [podPorts[1], 'pod2 (CLUSTER_POD_PORTS)'],
    [metricsPorts[0], 'pod1 metrics (CLUSTER_METRICS_PORTS)'],
    [metricsPorts[1], 'pod2 metrics (CLUSTER_METRICS_PORTS)'],
    [httpsPort, 'nginx HTTPS (CLUSTER_HTTPS_PORT)'],
    [httpPort, 'nginx HTTP (CLUSTER_HTTP_PORT)'],
  ]) {
    if (!(await portIsFree(port))) {
      throw new ClusterError(`port ${port} for ${what} is already in use`);
    }
  }

  const dirs = {
    redis: path.join(workDir, 'redis'),
    certs: path.join(workDir, 'certs'),
    nginx: path.join(workDir, 'nginx'),
  };
  if (opts.freshRedis) {
    rmSync(dirs.redis, { recursive: true, force: true });
  }
  for (const dir of [dirs.redis, dirs.certs, path.join(dirs.nginx, 'logs'), path.join(dirs.nginx, 'tmp')]) {
    mkdirSync(dir, { recursive: true });
  }

  const jwtSecret = opts.jwtSecret ?? process.env.JWT_SECRET ?? randomBytes(32).toString('hex');
  const publicOrigin = new URL(`https://localhost:${httpsPort}`).origin; // drops :443
  const url = publicOrigin;
  const redisUrl = `redis://127.0.0.1:${redisPort}`;

  let running = false; // startup finished, exits are now "unexpected"
  let stopping; // the stop() promise once stopping
  const procs = { redis: undefined, pods: [undefined, undefined], nginx: undefined };

  const onExit = (proc, info) => {
    if (proc.expected || stopping || !running) {
      return;
    }
    log(`[cluster] ${proc.name} (pid ${proc.pid}) exited unexpectedly (${describeExit(info)})`, true);
    opts.onUnexpectedExit?.(proc.name, info);
  };
  const checkAbort = () => {
    if (abort?.aborted) {
      throw new AbortedError();
    }
  };

  const podName = (index) => `pod${index + 1}`;
  const podEnv = (index) => ({
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(podPorts[index]),
    METRICS_PORT: String(metricsPorts[index]),
    METRICS_HOST: '127.0.0.1',
    REDIS_URL: redisUrl,
    JWT_SECRET: jwtSecret,
    CORS_ORIGINS: publicOrigin,
    ...opts.env,
    ...opts.podEnv?.[index],
  });
  const podReady = (index) => () =>
    httpStatus(http, { host: '127.0.0.1', port: podPorts[index], path: '/api/health/ready' }).then((s) => s === 200);

  async function startPod(index, { timeoutMs = readyTimeoutMs } = {}) {
    if (stopping) {
      throw new ClusterError('the cluster is stopping');
    }
    const current = procs.pods[index];
    if (current && !current.exited) {
      throw new ClusterError(`${podName(index)} is already running (pid ${current.pid})`);
    }
    const proc = launch(podName(index), process.execPath, [entry], { cwd: REPO_ROOT, env: podEnv(index), log, onExit });
    procs.pods[index] = proc;
    await waitUntil(`${podName(index)} on :${podPorts[index]} to be ready`, podReady(index), {
      timeoutMs,
      watch: [proc],
      signal: running ? undefined : abort,
    });
    return pods[index];
  }

  async function stopPod(index, { signal = 'SIGTERM', timeoutMs = POD_STOP_TIMEOUT_MS } = {}) {
    const proc = procs.pods[index];
    if (!proc || proc.exited) {
      return proc?.exitInfo;
    }
    await terminate(proc, signal, timeoutMs, log);
    return proc.exitInfo;
  }

  async function killPod(index, signal = 'SIGKILL') {
    const proc = procs.pods[index];
    if (!proc || proc.exited) {
      return proc?.exitInfo;
    }
    proc.expected = true;
    if (signal === 'SIGKILL') {
      killGroup(proc, 'SIGKILL');
    } else {
      sendSignal(proc, signal);
    }
    return proc.done;
  }

  async function stopAll() {
    await terminate(procs.nginx, 'SIGQUIT', NGINX_STOP_TIMEOUT_MS, log);
    await Promise.all(procs.pods.map((proc) => terminate(proc, 'SIGTERM', POD_STOP_TIMEOUT_MS, log)));
    await terminate(procs.redis, 'SIGTERM', REDIS_STOP_TIMEOUT_MS, log);
  }

  const pods = [0, 1].map((index) => ({
    name: podName(index),
    port: podPorts[index],
    url: `http://127.0.0.1:${podPorts[index]}`,
    metricsUrl: `http://127.0.0.1:${metricsPorts[index]}/metrics`,
    get pid() {
      return procs.pods[index]?.pid;
    },
    get running() {
      return Boolean(procs.pods[index] && !procs.pods[index].exited);
    },
  }));

  try {
    // 1. Redis (AOF on, no RDB snapshots, never evict: BullMQ needs every key).
    checkAbort();
    // prettier-ignore
    procs.redis = launch('redis', bin.redisServer, [
      '--port', String(redisPort), '--bind', '127.0.0.1', '--dir', dirs.redis,
      '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--save', '',
      '--daemonize', 'no', '--loglevel', 'warning',
    ], { cwd: workDir, env: process.env, log, onExit });
    await waitUntil(`redis on :${redisPort} to answer PING`, () => redisPing(redisPort), {
      timeoutMs: 15_000,
      watch: [procs.redis],
      signal: abort,
    });

    // 2. Certificate (reused across runs).
    checkAbort();
    const tls = ensureCertificate(bin.openssl, dirs.certs, log);

    // 3. Pods, in parallel.
    await Promise.all([0, 1].map((index) => startPod(index)));

    // 4. nginx, from the shared template.
    checkAbort();
    const template = readFileSync(path.join(REPO_ROOT, 'deploy', 'nginx', 'corkboard.conf.template'), 'utf8');
    writeFileSync(
      path.join(dirs.nginx, 'corkboard.conf'),
      renderTemplate(template, {
        BACKEND_1: `127.0.0.1:${podPorts[0]}`,
        BACKEND_2: `127.0.0.1:${podPorts[1]}`,
        NGINX_HTTPS_PORT: httpsPort,
        NGINX_HTTP_PORT: httpPort,
        TLS_CERT: tls.cert,
        TLS_KEY: tls.key,
        NGINX_ACCESS_LOG: path.join(dirs.nginx, 'logs', 'access.log'),
      }),
    );
    writeFileSync(path.join(dirs.nginx, 'nginx.conf'), mainNginxConf(dirs.nginx));
    const nginxArgs = ['-p', dirs.nginx + path.sep, '-c', 'nginx.conf', '-e', 'stderr'];
    const test = spawnSync(bin.nginx, ['-t', ...nginxArgs], { encoding: 'utf8' });
    if (test.status !== 0) {
      throw new ClusterError(
        `nginx rejected ${path.join(dirs.nginx, 'nginx.conf')}:\n${(test.stderr || test.error?.message || '').trim()}`,
      );
    }
    log(`[cluster] nginx -t: ${shown(path.join(dirs.nginx, 'nginx.conf'))} is valid`);
    procs.nginx = launch('nginx', bin.nginx, nginxArgs, { cwd: dirs.nginx, env: process.env, log, onExit });
    await waitUntil(
      `nginx on :${httpsPort}`,
      () =>
        httpStatus(https, {
          host: '127.0.0.1',
          port: httpsPort,
          servername: 'localhost',
          path: '/api/health/ready',
          rejectUnauthorized: false,
        }).then((s) => s === 200),
      { timeoutMs: 15_000, watch: [procs.nginx], signal: abort },
    );
    checkAbort();
  } catch (error) {
    stopping = stopAll();
    await stopping;
    throw error;
  }

  running = true;
  let stopped;
  return {
    url,
    httpsPort,
    httpPort,
    redisPort,
    redisUrl,
    workDir,
    jwtSecret,
    pods,
    get redisPid() {
      return procs.redis.pid;
    },
    get nginxPid() {
      return procs.nginx.pid;
    },
    /** Starts a stopped/killed pod again on its port with the same env; resolves when it is ready. */
    startPod,
    /** Gracefully stops one pod (SIGTERM, SIGKILL after 15 s); resolves with {code, signal}. */
    stopPod,
    /** Sends `signal` (default SIGKILL) to one pod and resolves with {code, signal} once it is gone. */
    killPod,
    /** stopPod (or killPod when `kill: true`), then startPod. */
    async restartPod(index, { kill = false } = {}) {
      if (kill) {
        await killPod(index);
      } else {
        await stopPod(index);
      }
      return startPod(index);
    },
    /** Stops nginx, then the pods, then redis. Safe to call more than once. */
    stop() {
      stopping ??= stopAll();
      stopped ??= stopping.then(() => undefined);
      return stopped;
    },
  };
}

// ---------------------------------------------------------------------------
// CLI

async function main() {
  const log = (line, isError) => (isError ? console.error(line) : console.log(line));
  const controller = new AbortController();
  let cluster;
  let shuttingDown;
  let exitCode = 0;
  let signals = 0;

  const shutdown = (code) => {
    if (shuttingDown) {
      return shuttingDown;
    }
    exitCode = code;
    if (!cluster) {
      controller.abort();
      shuttingDown = Promise.resolve();
    } else {
      shuttingDown = cluster.stop();
    }
    return shuttingDown;
  };

  const onSignal = (signal) => {
    signals += 1;
    if (signals > 1) {
      log(`[cluster] ${signal} again: killing everything now`, true);
      killAllNow();
      process.exit(130);
    }
    log(`[cluster] ${signal} received: stopping nginx, pods, redis… (again to force)`);
    shutdown(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    cluster = await startCluster({
      ...optionsFromEnv(process.env),
      log,
      signal: controller.signal,
      onUnexpectedExit: (name) => {
        log(`[cluster] ${name} died: tearing the cluster down`, true);
        shutdown(1).then(() => process.exit(1));
      },
    });
  } catch (error) {
    if (error instanceof AbortedError || controller.signal.aborted) {
      process.exit(exitCode);
    }
    log(`[cluster] ${error instanceof ClusterError ? error.message : error.stack}`, true);
    process.exit(1);
  }
  if (shuttingDown) {
    // A signal arrived while the last step finished.
    await cluster.stop();
    process.exit(exitCode);
  }

  const podList = cluster.pods.map((pod) => `:${pod.port}`).join(' ');
  log(`[cluster] metrics (loopback only): ${cluster.pods.map((pod) => pod.metricsUrl).join(' ')}`);
  log(`Corkboard cluster up: ${cluster.url} (pods ${podList}, redis :${cluster.redisPort}) — Ctrl-C to stop`);
  await new Promise((resolve) => {
    const wait = () => (shuttingDown ? shuttingDown.then(resolve) : setTimeout(wait, 200));
    wait();
  });
  log('[cluster] stopped');
  process.exit(exitCode);
}

function runDirectly() {
  try {
    return Boolean(process.argv[1]) && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (runDirectly()) {
  main().catch((error) => {
    console.error(error);
    killAllNow();
    process.exit(1);
  });
}
