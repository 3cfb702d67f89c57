#!/usr/bin/env node
// `npm run bench`: SSE fan-out benchmark of Corkboard against a bare node:http reference.
//
// For each mode it starts what it measures on 127.0.0.1 (free ports), opens N SSE streams
// on one board from load generator child processes (bench/stream-client.mjs), then drives
// note updates through the real PATCH path, at an offered load and at saturation, and
// reports connect figures, fan-out latency (send → event received), lost/duplicated
// events, deliveries/s, server RSS per idle stream and CPU use, each as a ratio to the
// reference (bench/reference-server.mjs). See docs/performance.md.
//
//   modes:  memory     one pod, no REDIS_URL
//           redis      redis-server + one pod
//           cluster    redis-server + two pods; streams spread over both, writes to pod 1
//           reference  bench/reference-server.mjs (POST /publish instead of PATCH)
//
// Only Node built-ins. Signals only the processes it started, by PID. Not part of npm test.

import { fork, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Histogram } from './hist.mjs';
import { formatHeapSummary, summariseHeap } from './heap-summary.mjs';
import { formatSummary, summariseProfile } from './profile-summary.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
const DIST_SERVER = path.join(ROOT, 'dist/server');
const ENTRY_IN_DIST = 'backend/src/main.js';
/** Set in main(): a private copy of dist/server, so a rebuild during the run cannot change or remove it. */
let podEntry = path.join(DIST_SERVER, ENTRY_IN_DIST);
const RESULTS_DIR = path.join(BENCH_DIR, 'results');
const ALL_MODES = ['reference', 'memory', 'redis', 'cluster'];
const ALL_PHASES = ['rate', 'saturation'];
const FD_LIMIT_NOTE = 20_000;
const WRITE_TIMEOUT_MS = 120_000;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------
// Flags

const HELP = `Usage: npm run bench -- [flags]      (or: node bench/run.mjs [flags])

  --modes LIST            reference,memory,redis,cluster (default: all, in this order)
  --streams N             SSE streams to open (default 5000)
  --users N               distinct users holding the streams (default 10)
  --events M              note updates in the offered-load phase (default 200)
  --sat-events M          note updates in the saturation phase (default: --events)
  --rate D                offered load in deliveries/s = events/s × streams (default 40000)
  --concurrency C         writes in flight during saturation (default 4)
  --writers W             keep-alive connections for writes, opened before the streams
                          (default 8, at least --concurrency); the offered-load phase is
                          open loop: latency counts from each write's scheduled time
  --phases LIST           rate,saturation (default: both)
  --clients K             load generator processes (default: max(2, ceil(N/8000)))
  --open-concurrency C    connects in flight per generator process (default 64)
  --client net|http       generator transport: hand-written HTTP/1.1 on node:net (default,
                          cheaper) or node:http with agent: false
  --heartbeat-ms MS       SSE_HEARTBEAT_MS of pods and reference (default 15000)
  --settle-ms MS          idle time before reading the idle RSS with all streams open
                          (default 45000: V8 collects the garbage of the connect storm only
                          once the process has been idle for a while; RSS 3 s after the
                          last connect is reported beside it)
  --stall-ms MS           after the last write, stop waiting once no delivery arrived for
                          this long (default 10000); the rest counts as lost
  --drain-max-s S         longest wait for deliveries after the last write, even while they
                          still arrive (default 300)
  --connect-timeout-s S   deadline for opening all streams (default max(120, N/100))
  --quiet-wait-s S        before each mode, wait up to S s (default 600) until processes that
                          are not the bench's use less than --quiet-pct (default 15) % of a
                          core; their CPU use is reported per phase either way
  --retries N             repeat a phase disturbed by others (> 2 × --quiet-pct) up to N
                          times (default 2; the last attempt is reported, earlier ones kept
                          in the JSON)
  --max-minutes MIN       hard limit for the whole run (default 60)
  --cpu-prof              run the servers under node --cpu-prof; summarise hot spots per mode
  --heap-snapshot         take a heap snapshot of each server with all streams idle and
                          summarise it per stream (slow; perturbs the phases that follow)
  --out FILE              result JSON (default bench/results/<timestamp>.json)
  --render FILE           print the tables of an earlier result JSON and exit
  --help
`;

function parseArgs(argv) {
  const opts = {
    modes: ALL_MODES,
    streams: 5000,
    users: 10,
    events: 200,
    satEvents: undefined,
    rate: 40000,
    concurrency: 4,
    phases: ALL_PHASES,
    clients: undefined,
    openConcurrency: 64,
    heartbeatMs: 15000,
    settleMs: 45000,
    stallMs: 10000,
    quietWaitS: 600,
    quietPct: 15,
    retries: 2,
    drainMaxS: 300,
    heapSnapshot: false,
    connectTimeoutS: undefined,
    maxMinutes: 60,
    cpuProf: false,
    out: undefined,
    notes: 4,
    client: 'net',
    writers: 8,
  };
  const ints = {
    '--streams': 'streams',
    '--users': 'users',
    '--events': 'events',
    '--sat-events': 'satEvents',
    '--rate': 'rate',
    '--concurrency': 'concurrency',
    '--writers': 'writers',
    '--clients': 'clients',
    '--open-concurrency': 'openConcurrency',
    '--heartbeat-ms': 'heartbeatMs',
    '--settle-ms': 'settleMs',
    '--stall-ms': 'stallMs',
    '--quiet-wait-s': 'quietWaitS',
    '--quiet-pct': 'quietPct',
    '--retries': 'retries',
    '--drain-max-s': 'drainMaxS',
    '--connect-timeout-s': 'connectTimeoutS',
    '--max-minutes': 'maxMinutes',
  };
  for (let i = 0; i < argv.length; i++) {
    let [flag, value] = argv[i].split('=', 2);
    const takeValue = () => {
      if (value !== undefined) {
        return value;
      }
      if (i + 1 >= argv.length) {
        fail(`${flag} needs a value`);
      }
      return argv[++i];
    };
    if (flag === '--help' || flag === '-h') {
      process.stdout.write(HELP);
      process.exit(0);
    } else if (flag === '--cpu-prof') {
      opts.cpuProf = true;
    } else if (flag === '--heap-snapshot') {
      opts.heapSnapshot = true;
    } else if (flag === '--out') {
      opts.out = path.resolve(takeValue());
    } else if (flag === '--client') {
      opts.client = takeValue();
      if (opts.client !== 'net' && opts.client !== 'http') {
        fail('--client must be net or http');
      }
    } else if (flag === '--modes') {
      const modes = takeValue()
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean);
      for (const mode of modes) {
        if (!ALL_MODES.includes(mode)) {
          fail(`unknown mode "${mode}" (one of ${ALL_MODES.join(', ')})`);
        }
      }
      opts.modes = ALL_MODES.filter((mode) => modes.includes(mode)); // the reference always runs first
    } else if (flag === '--phases') {
      opts.phases = takeValue()
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean);
      for (const phase of opts.phases) {
        if (!ALL_PHASES.includes(phase)) {
          fail(`unknown phase "${phase}" (one of ${ALL_PHASES.join(', ')})`);
        }
      }
    } else if (ints[flag]) {
      const raw = takeValue();
      const min = ['--retries', '--quiet-wait-s', '--quiet-pct', '--settle-ms'].includes(flag) ? 0 : 1;
      if (!/^\d+$/.test(raw) || Number(raw) < min) {
        fail(`${flag} must be a whole number ≥ ${min} (got "${raw}")`);
      }
      opts[ints[flag]] = Number(raw);
    } else {
      fail(`unknown flag "${argv[i]}"\n\n${HELP}`);
    }
  }
  opts.satEvents ??= opts.events;
  opts.clients ??= Math.max(2, Math.ceil(opts.streams / 8000));
  opts.connectTimeoutS ??= Math.max(120, Math.ceil(opts.streams / 100));
  if (opts.users > opts.streams) {
    opts.users = opts.streams;
  }
  if (Math.ceil(opts.streams / opts.users) > 10000) {
    fail('at most 10,000 streams per user (SSE_MAX_CONNECTIONS_PER_USER): raise --users');
  }
  if (opts.events > 100000 || opts.satEvents > 100000) {
    fail('at most 100,000 events per phase');
  }
  return opts;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------
// Child processes: every one we start is tracked and killed by PID on exit.

const children = new Set();

function track(child, name) {
  child.benchName = name;
  child.exited = false;
  children.add(child);
  child.once('exit', (code, signal) => {
    child.exited = true;
    child.exitInfo = { code, signal };
    children.delete(child);
  });
  return child;
}

function killAll(signal) {
  for (const child of children) {
    if (child.exited || !child.pid) {
      continue;
    }
    try {
      process.kill(child.pid, signal);
    } catch {
      // already gone
    }
  }
}

process.on('exit', () => killAll('SIGKILL'));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log(`${signal}: stopping the ${children.size} process(es) the bench started`);
    killAll('SIGKILL');
    process.exit(130);
  });
}
process.on('uncaughtException', (error) => {
  console.error('bench: uncaught', error);
  killAll('SIGKILL');
  process.exit(1);
});
process.on('unhandledRejection', (error) => {
  console.error('bench: unhandled rejection', error);
  killAll('SIGKILL');
  process.exit(1);
});

async function stopProcess(child, timeoutMs = 15000) {
  if (!child || child.exited) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = sleep(timeoutMs).then(() => 'timeout');
  if ((await Promise.race([exited, timer])) === 'timeout' && !child.exited) {
    log(`${child.benchName} (pid ${child.pid}) did not stop within ${timeoutMs} ms: SIGKILL`);
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
    await exited;
  }
}

function spawnServer(name, command, args, env) {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child, name);
  child.tail = [];
  const keep = (data) => {
    for (const line of data.toString().split('\n')) {
      if (!line) {
        continue;
      }
      child.tail.push(line.length > 400 ? line.slice(0, 400) + '…' : line);
      if (child.tail.length > 30) {
        child.tail.shift();
      }
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('error', (error) => child.tail.push(`spawn error: ${error.message}`));
  return child;
}

function tailOf(child) {
  return child?.tail?.length ? `\n  last output of ${child.benchName}:\n    ${child.tail.join('\n    ')}` : '';
}

// ---------------------------------------------------------------------------
// Small helpers

function log(message) {
  const t = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[bench ${t}] ${message}\n`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function request(port, method, urlPath, { body, token, agent, timeoutMs = 30000 } = {}) {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = {};
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    if (token) {
      headers.authorization = `Bearer ${token}`;
    }
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent: agent ?? false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, json, text });
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, error: error.code ?? error.message, text: '' }));
    req.end(payload);
  });
}

async function expectStatus(what, promise, status) {
  const res = await promise;
  if (res.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${res.status || res.error} ${res.text.slice(0, 300)}`);
  }
  return res.json;
}

async function waitUntil(what, check, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child?.exited) {
      throw new Error(`${what}: ${child.benchName} exited (${JSON.stringify(child.exitInfo)})${tailOf(child)}`);
    }
    if (await check()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs} ms${tailOf(child)}`);
    }
    await sleep(150);
  }
}

function readProc(pid, file) {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

function rssKb(pid) {
  const status = readProc(pid, 'status');
  const match = status && /VmRSS:\s+(\d+)\s+kB/.exec(status);
  return match ? Number(match[1]) : NaN;
}

const CLK_TCK = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(out.stdout?.trim()) || 100;
})();

function cpuMs(pid) {
  const stat = readProc(pid, 'stat');
  if (!stat) {
    return NaN;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** CPU time the whole machine spent busy so far (all cores, all processes). */
function machineBusyMs() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  return ((fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + (fields[7] || 0)) * 1000) / CLK_TCK;
}

function selfCpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Busy time of processes that are not ours (e.g. a test suite running meanwhile): they distort every figure. */
function foreignMeter(pids) {
  const start = { busy: machineBusyMs(), ours: sum(pids.map((pid) => cpuMs(pid) || 0)) + selfCpuMs(), at: now() };
  return () => {
    const busy = machineBusyMs() - start.busy;
    const ours = sum(pids.map((pid) => cpuMs(pid) || 0)) + selfCpuMs() - start.ours;
    const wall = now() - start.at;
    return { foreignCpuMs: Math.max(0, busy - ours), foreignCpuPct: (100 * Math.max(0, busy - ours)) / wall };
  };
}

async function waitForQuiet(opts, pids = []) {
  const sample = async () => {
    const meter = foreignMeter(pids);
    await sleep(2000);
    return meter().foreignCpuPct;
  };
  // Quiet means three 2 s samples in a row: test suites pause for a few seconds between jobs.
  const until = Date.now() + opts.quietWaitS * 1000;
  let pct = 0;
  let quietSamples = 0;
  let told = false;
  while (quietSamples < 3) {
    pct = await sample();
    quietSamples = pct <= opts.quietPct ? quietSamples + 1 : 0;
    if (quietSamples > 0) {
      continue;
    }
    if (Date.now() > until) {
      log(`still ${pct.toFixed(0)} % busy with other processes: measuring anyway, figures will be flagged`);
      break;
    }
    if (!told) {
      log(`other processes keep the machine busy (${pct.toFixed(0)} % of a core): waiting up to ${opts.quietWaitS} s for them to finish`);
    }
    told = true;
  }
  return pct;
}

/** Write syscalls (write, writev, sendmsg…) the process made so far. */
function writeSyscalls(pid) {
  const io = readProc(pid, 'io');
  const match = io && /syscw:\s+(\d+)/.exec(io);
  return match ? Number(match[1]) : NaN;
}

/** V8 heap in use and external memory of a pod, from its metrics port (undefined for the reference). */
async function podHeap(server) {
  if (server.name === 'reference') {
    return undefined;
  }
  const res = await request(server.metricsPort, 'GET', '/metrics', { timeoutMs: 10000 });
  // At the open-files limit the pod cannot accept this connection.
  if (res.status !== 200) {
    return undefined;
  }
  const value = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(res.text)?.[1] ?? NaN);
  const spaces = {};
  for (const m of res.text.matchAll(/^nodejs_heap_space_size_total_bytes\{space="(\w+)"\} (\S+)$/gm)) {
    spaces[m[1]] = Math.round(Number(m[2]) / 1024);
  }
  return {
    heapUsedKb: value('nodejs_heap_size_used_bytes') / 1024,
    heapTotalKb: value('nodejs_heap_size_total_bytes') / 1024,
    externalKb: value('nodejs_external_memory_bytes') / 1024,
    spacesTotalKb: spaces,
  };
}

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

// ---------------------------------------------------------------------------
// What we measure: servers

const JWT_SECRET = randomBytes(36).toString('base64url');

function baseEnv() {
  const env = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'TMPDIR']) {
    if (process.env[key] !== undefined) {
      env[key] = process.env[key];
    }
  }
  return env;
}

async function startRedis(opts) {
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

function redisPing(port) {
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

function nodeDiagnosticArgs(diag) {
  const args = [];
  if (diag.profDir) {
    args.push('--cpu-prof', `--cpu-prof-dir=${diag.profDir}`);
  }
  if (diag.heapDir) {
    args.push('--heapsnapshot-signal=SIGWINCH', `--diagnostic-dir=${diag.heapDir}`);
  }
  return args;
}

async function startPod(name, opts, redisUrl, diag) {
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
    // Every bench user signs up and joins the board from 127.0.0.1.
    REGISTER_RATE_LIMIT: '1000000',
    LOGIN_IP_RATE_LIMIT: '1000000',
    INVITE_RATE_LIMIT: '1000000',
    SSE_HEARTBEAT_MS: String(opts.heartbeatMs),
  };
  if (redisUrl) {
    env.REDIS_URL = redisUrl;
  }
  const args = [...nodeDiagnosticArgs(diag), podEntry];
  const child = spawnServer(name, process.execPath, args, env);
  await waitUntil(
    `${name} to be ready`,
    async () => (await request(port, 'GET', '/api/health/ready', { timeoutMs: 2000 })).status === 200,
    30000,
    child,
  );
  log(`${name} pid ${child.pid} on port ${port}${redisUrl ? ` (${redisUrl})` : ' (in memory)'}`);
  return { child, port, metricsPort, name };
}

async function startReference(opts, diag) {
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

/** Users, one board they all belong to, and a few notes to update. */
async function setupBoard(port, opts) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
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
  const board = await expectStatus(
    'create board',
    request(port, 'POST', '/api/boards', { body: { title: 'bench' }, token: owner.token, agent }),
    201,
  );
  for (const member of accounts.slice(1)) {
    await expectStatus(
      `invite ${member.username}`,
      request(port, 'POST', `/api/boards/${board.id}/members`, { body: { username: member.username }, token: owner.token, agent }),
      201,
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
  agent.destroy();
  log(`setup: ${accounts.length} users, board ${board.id}, ${noteIds.length} notes in ${Date.now() - started} ms`);
  return { tokens: accounts.map((a) => a.token), ownerToken: owner.token, boardId: board.id, noteIds };
}

// ---------------------------------------------------------------------------
// Load generator processes

function startClient(index) {
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

// ---------------------------------------------------------------------------
// Writers: the offered-load schedule and the saturation loop

/**
 * The writer's HTTP/1.1 keep-alive connections, opened before the streams: a server holding
 * as many streams as it has file descriptors could not accept them later. Idle connections
 * are pinged every 2 s so the server's 5 s keep-alive timeout never closes them.
 */
class WriterPool {
  constructor(target, size) {
    this.target = target;
    this.size = size;
    this.conns = [];
    this.waiters = [];
    this.pingPath = target.kind === 'reference' ? '/health' : '/api/health/live';
    this.n = 0;
  }

  async open() {
    for (let i = 0; i < this.size; i++) {
      this.conns.push(await this.connect());
    }
    this.pinger = setInterval(() => {
      for (const conn of this.conns) {
        if (!conn.busy && conn.alive && now() - conn.lastUsed > 2000) {
          this.run(conn, 'GET', this.pingPath, '').catch(() => undefined);
        }
      }
    }, 500);
    return this;
  }

  connect() {
    return new Promise((resolve) => {
      const socket = net.connect(this.target.port, '127.0.0.1');
      const conn = { socket, busy: false, alive: false, lastUsed: now(), buf: '', onResponse: null };
      socket.setNoDelay(true);
      socket.setEncoding('latin1');
      socket.on('connect', () => {
        conn.alive = true;
        resolve(conn);
      });
      socket.on('data', (data) => {
        conn.buf += data;
        this.parse(conn);
      });
      const dead = (reason) => {
        const wasAlive = conn.alive;
        conn.alive = false;
        conn.onResponse?.({ status: 0, error: reason });
        conn.onResponse = null;
        if (!wasAlive) {
          resolve(conn);
        }
      };
      socket.on('error', (error) => dead(error.code ?? error.message));
      socket.on('close', () => dead('closed'));
    });
  }

  /** One response: status line, headers, then Content-Length bytes or a chunked body. */
  parse(conn) {
    const buf = conn.buf;
    const headEnd = buf.indexOf('\r\n\r\n');
    if (headEnd < 0) {
      return;
    }
    const head = buf.slice(0, headEnd);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
    let end;
    if (length) {
      end = headEnd + 4 + Number(length[1]);
    } else if (/\r\ntransfer-encoding:[ \t]*chunked/i.test(head)) {
      const last = buf.indexOf('\r\n0\r\n\r\n', headEnd);
      const empty = buf.startsWith('0\r\n\r\n', headEnd + 4);
      if (last < 0 && !empty) {
        return;
      }
      end = empty ? headEnd + 9 : last + 7;
    } else {
      end = headEnd + 4;
    } // 204 and the like
    if (buf.length < end) {
      return;
    }
    conn.buf = buf.slice(end);
    if (/\r\nconnection:[ \t]*close/i.test(head)) {
      conn.socket.end();
    }
    const done = conn.onResponse;
    conn.onResponse = null;
    done?.({ status });
  }

  run(conn, method, path, body, headers = '') {
    conn.busy = true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        conn.socket.destroy();
        finish({ status: 0, error: 'timeout' });
      }, WRITE_TIMEOUT_MS);
      const finish = (result) => {
        clearTimeout(timer);
        conn.busy = false;
        conn.lastUsed = now();
        resolve(result);
        this.next();
      };
      conn.onResponse = finish;
      conn.socket.write(
        `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${this.target.port}\r\n${headers}` +
          (body ? `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` : '') +
          `\r\n${body}`,
      );
    });
  }

  async idle() {
    for (;;) {
      // Round robin over idle connections, so each one is used often enough to stay open.
      for (let k = 0; k < this.conns.length; k++) {
        const conn = this.conns[(this.n + k) % this.conns.length];
        if (!conn.busy && conn.alive) {
          this.n = (this.n + k + 1) % this.conns.length;
          return conn;
        }
      }
      if (!this.conns.some((c) => c.alive)) {
        // All closed (server gone or refusing): try to open one again.
        const conn = await this.connect();
        this.conns.push(conn);
        if (!conn.alive) {
          return conn;
        }
        continue;
      }
      await new Promise((resolve) => this.waiters.push(resolve));
    }
  }

  next() {
    this.waiters.shift()?.();
  }

  /** Publishes one bench event; `stamp` (ms) is the time the latency is counted from. */
  async send(phaseId, seq, stamp) {
    const conn = await this.idle();
    const sentAt = now();
    if (!conn.alive) {
      return { status: 0, error: 'no_connection', sentAt, doneAt: now() };
    }
    const body = JSON.stringify({ text: `bx:${phaseId}:${seq}:${(stamp ?? sentAt).toFixed(3)}` });
    const t = this.target;
    const [method, path, auth] =
      t.kind === 'reference'
        ? ['POST', '/publish', '']
        : ['PATCH', `/api/boards/${t.boardId}/notes/${t.noteIds[seq % t.noteIds.length]}`, `Authorization: Bearer ${t.token}\r\n`];
    const result = await this.run(conn, method, path, body, auth);
    return { ...result, sentAt, doneAt: now() };
  }

  close() {
    clearInterval(this.pinger);
    for (const conn of this.conns) {
      conn.socket.destroy();
    }
  }
}

/**
 * Open loop: event `seq` is due at start + seq / rate whatever happened before, and its
 * latency counts from that moment (no coordinated omission when the writer has to wait).
 */
async function rateWriter(pool, phaseId, m, eventsPerSecond, deadline) {
  const interval = 1000 / eventsPerSecond;
  const results = new Array(m);
  const pending = [];
  let late = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const start = now() + 20;
  for (let seq = 0; seq < m; seq++) {
    if (now() > deadline) {
      break;
    }
    const due = start + seq * interval;
    const wait = due - now();
    if (wait > 0.5) {
      await sleep(wait);
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    pending.push(
      pool.send(phaseId, seq, due).then((result) => {
        inFlight--;
        if (result.sentAt - due > Math.max(5, interval)) {
          late++;
        }
        results[seq] = { ...result, dueAt: due };
      }),
    );
  }
  await Promise.all(pending);
  return { results, late, maxInFlight };
}

/** Closed loop: `concurrency` writes in flight, each sent when one is answered. */
async function saturationWriter(pool, phaseId, m, concurrency, deadline) {
  const results = new Array(m);
  let next = 0;
  const worker = async () => {
    while (next < m && now() < deadline) {
      const seq = next++;
      results[seq] = await pool.send(phaseId, seq);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { results, late: 0, maxInFlight: concurrency };
}

// ---------------------------------------------------------------------------
// One mode from start to finish

let phaseCounter = 0;

async function runMode(mode, opts, runTag) {
  const result = { mode, startedAt: new Date().toISOString() };
  const servers = [];
  let redis;
  let clients = [];
  let pool;
  const profDir = opts.cpuProf ? path.join(RESULTS_DIR, `prof-${runTag}-${mode}`) : undefined;
  const heapDir = opts.heapSnapshot ? path.join(RESULTS_DIR, `heap-${runTag}-${mode}`) : undefined;
  const diag = { profDir, heapDir };
  for (const dir of [profDir, heapDir]) {
    if (dir) {
      mkdirSync(dir, { recursive: true });
    }
  }
  try {
    result.foreignCpuBeforePct = await waitForQuiet(opts);
    // 1. Servers and setup
    let target;
    if (mode === 'reference') {
      servers.push(await startReference(opts, diag));
      target = { kind: 'reference', port: servers[0].port };
    } else {
      if (mode !== 'memory') {
        redis = await startRedis(opts);
      }
      servers.push(await startPod('pod1', opts, redis?.url, diag));
      if (mode === 'cluster') {
        servers.push(await startPod('pod2', opts, redis.url, diag));
      }
      const setup = await setupBoard(servers[0].port, opts);
      target = {
        kind: 'corkboard',
        port: servers[0].port,
        token: setup.ownerToken,
        boardId: setup.boardId,
        noteIds: setup.noteIds,
        tokens: setup.tokens,
      };
    }
    result.servers = servers.map((s) => ({ name: s.name, pid: s.child.pid, port: s.port }));
    if (redis) {
      result.redis = { pid: redis.child.pid, port: redis.port };
    }
    const streamPath = mode === 'reference' ? '/events' : `/api/events?channel=board:${target.boardId}`;
    const serverPids = servers.map((s) => s.child.pid);
    const allServerPids = redis ? [...serverPids, redis.child.pid] : serverPids;

    // 2. Generators
    clients = Array.from({ length: opts.clients }, (_, i) => startClient(i));
    const hellos = await Promise.all(clients.map((c) => c.next('hello', 15000)));
    result.generatorClockSkewMs = hellos.map((h) => Math.round(h.clockSkewMs * 1000) / 1000);

    pool = await new WriterPool(target, Math.max(opts.writers, opts.concurrency)).open();
    await sleep(1000);
    const heapBefore = [];
    if (heapDir) {
      for (const server of servers) {
        heapBefore.push(await takeHeapSnapshot(server, heapDir));
      }
      await sleep(1000);
    }
    const rssBefore = serverPids.map(rssKb);
    const heapsBefore = await Promise.all(servers.map(podHeap));
    const redisRssBefore = redis ? rssKb(redis.child.pid) : undefined;

    // 3. Open the streams
    const perClient = Math.ceil(opts.streams / opts.clients);
    const connectDeadline = now() + opts.connectTimeoutS * 1000;
    const cpuBeforeConnect = allServerPids.map(cpuMs);
    const ourPids = [...allServerPids, ...clients.map((c) => c.child.pid)];
    const connectForeign = foreignMeter(ourPids);
    log(`${mode}: opening ${opts.streams} streams from ${opts.clients} generator processes (${perClient} each)`);
    const openStarted = now();
    const opened = await Promise.all(
      clients.map((c, i) => {
        const first = i * perClient;
        const count = Math.max(0, Math.min(perClient, opts.streams - first));
        return c.call(
          {
            cmd: 'open',
            pods: servers.map((s) => ({ host: '127.0.0.1', port: s.port })),
            tokens: target.tokens ?? ['reference'],
            path: streamPath,
            first,
            count,
            concurrency: opts.openConcurrency,
            timeoutMs: 60000,
            deadline: connectDeadline,
            transport: opts.client,
          },
          'opened',
          opts.connectTimeoutS * 1000 + 90000,
        );
      }),
    );
    const connected = sum(opened.map((o) => o.ok));
    const failures = {};
    for (const o of opened) {
      for (const [reason, n] of Object.entries(o.failures)) {
        failures[reason] = (failures[reason] ?? 0) + n;
      }
    }
    const lastReady = Math.max(...opened.map((o) => o.lastReadyAt));
    result.connect = {
      requested: opts.streams,
      opened: connected,
      failed: opts.streams - connected,
      failures,
      connectAllMs: lastReady - openStarted,
      connectsPerSecond: connected / ((lastReady - openStarted) / 1000),
      serverCpuMs: sum(allServerPids.map(cpuMs)) - sum(cpuBeforeConnect),
      generatorCpuMs: sum(opened.map((o) => o.cpu.userMs + o.cpu.systemMs)),
      ...connectForeign(),
    };
    log(
      `${mode}: ${connected}/${opts.streams} streams open in ${(result.connect.connectAllMs / 1000).toFixed(1)} s${connected < opts.streams ? `; failures ${JSON.stringify(failures)}` : ''}`,
    );

    // 4. Idle memory: just after the connect storm, and once idle for --settle-ms
    const earlyMs = Math.min(3000, opts.settleMs);
    await sleep(earlyMs);
    const rssEarly = serverPids.map(rssKb);
    await sleep(opts.settleMs - earlyMs);
    const rssIdle = serverPids.map(rssKb);
    const heapsIdle = await Promise.all(servers.map(podHeap));
    const deltaKb = sum(rssIdle) - sum(rssBefore);
    const heapDeltaKb = [...heapsIdle, ...heapsBefore].every(Boolean)
      ? sum(heapsIdle.map((h) => h.heapUsedKb)) - sum(heapsBefore.map((h) => h.heapUsedKb))
      : undefined;
    result.memory = {
      rssBeforeKb: rssBefore,
      rssIdleKb: rssIdle,
      rssPerStreamKb: connected > 0 ? deltaKb / connected : null,
      settleMs: opts.settleMs,
      rssEarlyKb: rssEarly,
      rssEarlyPerStreamKb: connected > 0 ? (sum(rssEarly) - sum(rssBefore)) / connected : null,
      // V8 heap in use (live objects plus garbage not yet collected), as the pods report it.
      heapUsedPerStreamKb: heapDeltaKb !== undefined && connected > 0 ? heapDeltaKb / connected : undefined,
      heapsBefore,
      heapsIdle,
      redisRssBeforeKb: redisRssBefore,
      redisRssIdleKb: redis ? rssKb(redis.child.pid) : undefined,
    };
    log(
      `${mode}: server RSS ${(sum(rssBefore) / 1024).toFixed(0)} → ${(sum(rssEarly) / 1024).toFixed(0)} MB after ${earlyMs / 1000} s, ${(sum(rssIdle) / 1024).toFixed(0)} MB after ${opts.settleMs / 1000} s = ${result.memory.rssPerStreamKb?.toFixed(1)} KB per idle stream${result.memory.heapUsedPerStreamKb === undefined ? '' : ` (V8 heap in use: ${result.memory.heapUsedPerStreamKb.toFixed(1)} KB per stream)`}`,
    );
    for (const c of clients) {
      await c.call({ cmd: 'status' }, 'status');
    }
    if (heapDir) {
      result.heapSnapshots = [];
      for (const [i, server] of servers.entries()) {
        result.heapSnapshots.push({ server: server.name, before: heapBefore[i], file: await takeHeapSnapshot(server, heapDir) });
      }
      await sleep(2000);
    }

    // 5. Phases
    result.phases = {};
    for (const phaseName of opts.phases) {
      // The least disturbed attempt is reported; the others are kept in the JSON.
      const attempts = [];
      for (let attempt = 0; ; attempt++) {
        await waitForQuiet(opts, ourPids);
        const phase = await runPhase(phaseName, { mode, opts, clients, target, serverPids, redisPid: redis?.child.pid, ourPids, pool });
        attempts.push(phase);
        if (phase.foreignCpuPct <= 2 * opts.quietPct || attempt >= opts.retries) {
          break;
        }
        log(`${mode}/${phaseName}: other processes used ${phase.foreignCpuPct.toFixed(0)} % of a core meanwhile: repeating the phase`);
      }
      attempts.sort((a, b) => a.foreignCpuPct - b.foreignCpuPct);
      result.phases[phaseName] = attempts[0];
      for (const phase of attempts.slice(1)) {
        (result.disturbedAttempts ??= []).push({
          phase: phaseName,
          foreignCpuPct: phase.foreignCpuPct,
          latencyMs: phase.latencyMs,
          deliveriesPerSecond: phase.deliveriesPerSecond,
          serverCpuUsPerDelivery: phase.serverCpuUsPerDelivery,
          lost: phase.lost,
          duplicated: phase.duplicated,
        });
      }
    }
    const statuses = await Promise.all(clients.map((c) => c.call({ cmd: 'status' }, 'status')));
    result.streamsOpenAtEnd = sum(statuses.map((s) => s.open));
    result.generatorRssKb = statuses.map((s) => s.rssKb);
    result.serverRssEndKb = serverPids.map(rssKb);
    const closeReasons = {};
    for (const s of statuses) {
      for (const [reason, n] of Object.entries(s.closeReasons)) {
        closeReasons[reason] = (closeReasons[reason] ?? 0) + n;
      }
    }
    result.streamsClosedBy = closeReasons;
  } catch (error) {
    result.error = error?.message ?? String(error);
    log(`${mode}: FAILED: ${result.error}`);
  } finally {
    pool?.close();
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
    await Promise.all(servers.map((s) => stopProcess(s.child, 15000)));
    if (redis) {
      await stopProcess(redis.child, 10000);
    }
  }
  if (profDir && existsSync(profDir)) {
    result.profiles = [];
    for (const file of readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'))) {
      try {
        const summary = summariseProfile(path.join(profDir, file), 20);
        result.profiles.push(summary);
        log(`${mode}: CPU profile\n${formatSummary(summary)}`);
      } catch (error) {
        log(`${mode}: could not read profile ${file}: ${error.message}`);
      }
    }
  }
  for (const snap of result.heapSnapshots ?? []) {
    try {
      const streamsOnServer = Math.round((result.connect?.opened ?? 0) / servers.length);
      snap.summary = summariseHeap(snap.file, snap.before, streamsOnServer, 25);
      log(`${mode}: heap of ${snap.server}\n${formatHeapSummary(snap.summary)}`);
    } catch (error) {
      log(`${mode}: could not read heap snapshot ${snap.file}: ${error.message}`);
    }
  }
  return result;
}

/** SIGWINCH makes a server started with --heapsnapshot-signal write a snapshot; waits until it is complete. */
async function takeHeapSnapshot(server, dir) {
  const before = new Set(readdirSync(dir));
  process.kill(server.child.pid, 'SIGWINCH'); // Nest's shutdown hooks own SIGUSR2
  let file;
  let lastSize = -1;
  let stableSince = 0;
  await waitUntil(
    `heap snapshot of ${server.name}`,
    async () => {
      file ??= readdirSync(dir).find((name) => name.endsWith('.heapsnapshot') && !before.has(name));
      if (!file) {
        return false;
      }
      const size = statSync(path.join(dir, file)).size;
      if (size !== lastSize) {
        lastSize = size;
        stableSince = Date.now();
        return false;
      }
      // The server answers again once the snapshot is written.
      return (
        Date.now() - stableSince > 1000 &&
        (await request(server.port, 'GET', server.name === 'reference' ? '/health' : '/api/health/live', { timeoutMs: 5000 })).status ===
          200
      );
    },
    300000,
    server.child,
  );
  log(`${server.name}: heap snapshot ${path.relative(ROOT, path.join(dir, file))} (${Math.round(lastSize / 2 ** 20)} MB)`);
  return path.join(dir, file);
}

async function runPhase(phaseName, { mode, opts, clients, target, serverPids, redisPid, ourPids, pool }) {
  const id = ++phaseCounter;
  const m = phaseName === 'rate' ? opts.events : opts.satEvents;
  const started = await Promise.all(clients.map((c) => c.call({ cmd: 'phase', id, m }, 'phaseStarted')));
  const streams = sum(started.map((s) => s.streams));
  const eventsPerSecond = opts.rate / opts.streams;
  const phaseTimeoutMs = phaseName === 'rate' ? (m / eventsPerSecond) * 1000 * 2 + 60000 : 300000;
  log(
    `${mode}/${phaseName}: ${m} events to ${streams} streams ` +
      (phaseName === 'rate'
        ? `at ${eventsPerSecond.toFixed(2)} events/s (${opts.rate} deliveries/s offered)`
        : `as fast as accepted, ${opts.concurrency} in flight`),
  );
  const serverCpu0 = serverPids.map(cpuMs);
  const serverSyscw0 = serverPids.map(writeSyscalls);
  const redisCpu0 = redisPid ? cpuMs(redisPid) : 0;
  const writerCpu0 = process.cpuUsage();
  const foreign = foreignMeter(ourPids);
  const t0 = now();
  const deadline = t0 + phaseTimeoutMs;
  const writer =
    phaseName === 'rate'
      ? await rateWriter(pool, id, m, eventsPerSecond, deadline)
      : await saturationWriter(pool, id, m, opts.concurrency, deadline);
  const sent = writer.results.filter(Boolean);
  const accepted = sent.filter((r) => r.status >= 200 && r.status < 300);
  // Writes without an answer (timeout, reset) may still have been published: wait for them too.
  const unknown = sent.filter((r) => r.status === 0);
  const statusCounts = {};
  for (const r of sent) {
    statusCounts[r.status || r.error] = (statusCounts[r.status || r.error] ?? 0) + 1;
  }
  const postHist = new Histogram();
  for (const r of sent) {
    postHist.add(r.doneAt - r.sentAt);
  }
  const firstSend = Math.min(...sent.map((r) => r.sentAt));
  const lastDone = Math.max(...sent.map((r) => r.doneAt));

  // Wait for the deliveries to arrive (or stop arriving).
  const expected = (accepted.length + unknown.length) * streams;
  let received = 0;
  let lastProgress = -1;
  let lastChange = now();
  const drainDeadline = now() + opts.drainMaxS * 1000;
  for (;;) {
    const progress = await Promise.all(clients.map((c) => c.call({ cmd: 'progress' }, 'progress')));
    received = sum(progress.map((p) => p.received));
    if (received >= expected) {
      break;
    }
    if (received !== lastProgress) {
      lastProgress = received;
      lastChange = now();
    } else if (now() - lastChange > opts.stallMs) {
      break;
    }
    if (now() > drainDeadline) {
      break;
    }
    await sleep(100);
  }
  const drainedAt = now();
  const serverCpu = sum(serverPids.map(cpuMs)) - sum(serverCpu0);
  const serverSyscw = sum(serverPids.map(writeSyscalls)) - sum(serverSyscw0);
  const redisCpu = redisPid ? cpuMs(redisPid) - redisCpu0 : undefined;
  const foreignUse = foreign();
  const writerCpu = process.cpuUsage(writerCpu0);
  const reports = await Promise.all(clients.map((c) => c.call({ cmd: 'report' }, 'phaseReport', 60000)));

  const hist = new Histogram();
  for (const r of reports) {
    hist.merge(r.hist);
  }
  // Published: answered 2xx, or received by at least one stream (e.g. a write whose answer timed out).
  const publishedSeqs = [];
  writer.results.forEach((r, seq) => {
    if (!r) {
      return;
    }
    if ((r.status >= 200 && r.status < 300) || reports.some((x) => x.seqMax[seq] > 0 || x.seqFirst[seq] > 0)) {
      publishedSeqs.push(seq);
    }
  });
  let lost = 0;
  let lostOnDropped = 0;
  for (const seq of publishedSeqs) {
    for (const r of reports) {
      lost += r.missingOpen[seq];
      lostOnDropped += r.missingDropped[seq];
    }
  }
  const got = sum(reports.map((r) => r.received));
  const firstRecv = Math.min(...reports.map((r) => r.first));
  const lastRecv = Math.max(...reports.map((r) => r.last));
  const windowMs = lastRecv - firstSend;
  const generatorCpuMs = sum(reports.map((r) => r.cpu.userMs + r.cpu.systemMs));
  const writerCpuMs = (writerCpu.user + writerCpu.system) / 1000;
  const wallMs = drainedAt - t0;
  const phase = {
    events: m,
    sent: sent.length,
    accepted: accepted.length,
    statusCounts,
    streams,
    offeredEventsPerSecond: phaseName === 'rate' ? eventsPerSecond : null,
    offeredDeliveriesPerSecond: phaseName === 'rate' ? eventsPerSecond * streams : null,
    writerLateSends: writer.late,
    writerMaxInFlight: writer.maxInFlight,
    acceptedEventsPerSecond: accepted.length / ((lastDone - firstSend) / 1000),
    postLatencyMs: postHist.summary(),
    published: publishedSeqs.length,
    expectedDeliveries: publishedSeqs.length * streams,
    received: got,
    lost,
    lostOnDroppedStreams: lostOnDropped,
    duplicated: sum(reports.map((r) => r.dup)),
    stale: sum(reports.map((r) => r.stale)),
    streamsDropped: sum(reports.map((r) => r.streamsDropped)),
    latencyMs: hist.summary(),
    deliveriesPerSecond: windowMs > 0 ? got / (windowMs / 1000) : null,
    deliveryWindowMs: windowMs,
    firstDeliveryAfterMs: firstRecv - firstSend,
    bytesPerDelivery: got > 0 ? sum(reports.map((r) => r.bytes)) / got : null,
    wallMs,
    serverCpuMs: serverCpu,
    serverCpuPct: (100 * serverCpu) / wallMs,
    redisCpuMs: redisCpu,
    generatorCpuMs,
    writerCpuMs,
    loadGenCpuPct: (100 * (generatorCpuMs + writerCpuMs)) / wallMs,
    serverCpuUsPerDelivery: got > 0 ? (serverCpu * 1000) / got : null,
    serverWriteSyscallsPerDelivery: got > 0 ? serverSyscw / got : null,
    ...foreignUse,
  };
  // Per write: when its first and its last stream got it (shows whether delay builds up over the phase).
  phase.perEvent = publishedSeqs.length
    ? writer.results.map((r, seq) => ({
        seq,
        sentAtMs: r ? Math.round((r.sentAt - firstSend) * 100) / 100 : null,
        postMs: r ? Math.round((r.doneAt - r.sentAt) * 100) / 100 : null,
        firstMs: Math.min(...reports.map((x) => x.seqFirst[seq] || Infinity)),
        lastMs: Math.max(...reports.map((x) => x.seqMax[seq])),
      }))
    : [];
  const l = phase.latencyMs;
  log(
    `${mode}/${phaseName}: ${got}/${expected} delivered, lost ${lost}, dup ${phase.duplicated}, ` +
      `p50 ${fmt(l.p50)} p99 ${fmt(l.p99)} max ${fmt(l.max)} ms, ${fmtInt(phase.deliveriesPerSecond)} deliveries/s, ` +
      `server CPU ${phase.serverCpuPct.toFixed(0)} %, generator CPU ${phase.loadGenCpuPct.toFixed(0)} %`,
  );
  return phase;
}

// ---------------------------------------------------------------------------
// Report

function fmt(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '-';
  }
  if (Math.abs(value) >= 100) {
    return value.toFixed(0);
  }
  if (Math.abs(value) >= 10) {
    return value.toFixed(digits);
  }
  return value.toFixed(digits + 1);
}

function fmtInt(value) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '-';
  }
  return Math.round(value).toLocaleString('en-US');
}

function ratio(value, reference) {
  if (value === null || value === undefined || reference === null || reference === undefined || !(reference > 0)) {
    return '';
  }
  return ` (${(value / reference).toFixed(2)}×)`;
}

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    '| ' + cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ') + ' |';
  return [
    line(headers),
    '|' + widths.map((w, i) => (i < 2 ? ':' : '-') + '-'.repeat(w) + (i < 2 ? '-' : ':')).join('|') + '|',
    ...rows.map(line),
  ].join('\n');
}

function render(report) {
  const { opts, machine, modes } = report;
  const ref = modes.reference && !modes.reference.error ? modes.reference : undefined;
  const out = [];
  out.push(
    `\nCorkboard SSE benchmark — ${opts.streams.toLocaleString('en-US')} streams, ${opts.users} users, ${opts.clients} generator processes, ` +
      `rate phase ${opts.events} events at ${opts.rate.toLocaleString('en-US')} deliveries/s offered, saturation ${opts.satEvents} events with ${opts.concurrency} in flight`,
  );
  out.push(
    `${machine.cpus} × ${machine.cpuModel}, ${machine.memGiB} GiB, Node ${machine.node}, ${machine.redis ?? 'redis: -'}, heartbeat ${opts.heartbeatMs} ms`,
  );
  if (report.build) {
    out.push(
      `Build: commit ${report.build.commit}${report.build.backendDirty ? ' + uncommitted backend/contracts changes' : ''}, dist built ${report.build.distBuiltAt ?? '-'}; generator transport: ${opts.client}`,
    );
  }
  out.push('Ratios in parentheses are to the reference server (same clients, same event size).\n');

  const connRows = [];
  for (const [mode, r] of Object.entries(modes)) {
    if (r.error && !r.connect) {
      connRows.push([mode, r.servers?.length ?? '-', 'ERROR', '-', '-', '-', '-', '-', '-']);
      continue;
    }
    const c = r.connect;
    const failures = Object.entries(c.failures)
      .map(([k, v]) => `${k}:${v}`)
      .join(' ');
    connRows.push([
      mode,
      r.servers.length,
      `${c.opened}/${c.requested}`,
      `${c.failed}${failures ? ` (${failures})` : ''}`,
      `${fmt(c.connectAllMs / 1000)} s${mode === 'reference' ? '' : ratio(c.connectAllMs, ref?.connect.connectAllMs)}`,
      fmtInt(c.connectsPerSecond),
      `${fmtInt(sum(r.memory.rssBeforeKb) / 1024)} → ${fmtInt(sum(r.memory.rssIdleKb) / 1024)} MB`,
      r.memory.rssEarlyPerStreamKb == null
        ? '-'
        : `${fmt(r.memory.rssEarlyPerStreamKb)} KB${mode === 'reference' ? '' : ratio(r.memory.rssEarlyPerStreamKb, ref?.memory.rssEarlyPerStreamKb)}`,
      `${fmt(r.memory.rssPerStreamKb)} KB${mode === 'reference' ? '' : ratio(r.memory.rssPerStreamKb, ref?.memory.rssPerStreamKb)}`,
    ]);
  }
  const settleS = Object.values(modes).find((r) => r.memory?.settleMs !== undefined)?.memory.settleMs / 1000;
  out.push(
    `Connections and idle memory (RSS of the pod(s): before opening streams → all streams open and idle${settleS ? ` for ${settleS} s` : ''}; "3 s after" is right after the connect storm)`,
  );
  out.push(
    table(
      ['mode', 'pods', 'opened', 'failed', 'connect all', 'connects/s', 'server RSS', 'RSS / stream 3 s after', 'RSS / idle stream'],
      connRows,
    ),
  );

  for (const phaseName of opts.phases) {
    const rows = [];
    for (const [mode, r] of Object.entries(modes)) {
      const p = r.phases?.[phaseName];
      if (!p) {
        rows.push([mode, phaseName, 'ERROR', '', '', '', '', '', '', '', '']);
        continue;
      }
      const rp = mode === 'reference' ? undefined : ref?.phases?.[phaseName];
      const l = p.latencyMs;
      rows.push([
        mode,
        phaseName,
        `${p.published}/${p.events}${p.accepted < p.published ? ` (${p.published - p.accepted} unanswered)` : ''}`,
        `${fmtInt(p.received)}/${fmtInt(p.expectedDeliveries)}`,
        `${fmt(l.p50)}${ratio(l.p50, rp?.latencyMs.p50)}`,
        `${fmt(l.p99)}${ratio(l.p99, rp?.latencyMs.p99)}`,
        `${fmt(l.max)}${ratio(l.max, rp?.latencyMs.max)}`,
        `${p.lost}/${p.duplicated}${p.streamsDropped ? ` (${p.streamsDropped} dropped)` : ''}`,
        `${fmtInt(p.deliveriesPerSecond)}${ratio(p.deliveriesPerSecond, rp?.deliveriesPerSecond)}`,
        `${fmt(p.serverCpuUsPerDelivery, 2)}${ratio(p.serverCpuUsPerDelivery, rp?.serverCpuUsPerDelivery)}`,
        `${fmt(p.serverCpuPct, 0)} / ${fmt(p.loadGenCpuPct, 0)} / ${fmt(p.foreignCpuPct, 0)} %${p.foreignCpuPct > opts.quietPct ? ' !' : ''}`,
      ]);
    }
    const title =
      phaseName === 'rate'
        ? `\nFan-out at an offered load of ${opts.rate.toLocaleString('en-US')} deliveries/s (${fmt(opts.rate / opts.streams)} events/s) — latency = write sent → event parsed by the stream's client`
        : `\nSaturation: ${opts.satEvents} writes, ${opts.concurrency} in flight, as fast as the server accepts`;
    out.push(title);
    out.push(
      table(
        [
          'mode',
          'phase',
          'published',
          'delivered',
          'p50 ms',
          'p99 ms',
          'max ms',
          'lost/dup',
          'deliveries/s',
          'server CPU µs/delivery',
          'CPU server/load gen/other',
        ],
        rows,
      ),
    );
  }
  out.push(
    `\nCPU: % of one core over the phase (${machine.cpus} cores = ${machine.cpus * 100} %); load gen = stream clients + writer; ` +
      `other = processes that are not the bench's (! = above ${opts.quietPct} %: figures disturbed).`,
  );
  for (const [mode, r] of Object.entries(modes)) {
    if (r.error) {
      out.push(`${mode}: ERROR ${r.error}`);
    }
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------

function machineInfo(needRedis) {
  const cpus = os.cpus();
  let redis;
  const version = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (version.status === 0) {
    redis = `redis ${/v=(\S+)/.exec(version.stdout)?.[1] ?? version.stdout.trim()}`;
  } else if (needRedis) {
    fail(
      'redis-server is not installed or not on PATH (needed for the redis and cluster modes). Debian: apt-get install -y redis-server, or run with --modes memory,reference',
    );
  }
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown CPU',
    memGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    redis,
    kernel: `${os.type()} ${os.release()}`,
    fdLimit: (() => {
      const limits = readProc('self', 'limits');
      return limits ? Number(/Max open files\s+(\d+)/.exec(limits)?.[1]) : undefined;
    })(),
  };
}

/** Which code was measured: the commit, whether backend/ had uncommitted changes, and when dist was built. */
function buildInfo(needPod) {
  const git = (args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim();
  let builtAt;
  try {
    builtAt = needPod ? statSync(path.join(DIST_SERVER, ENTRY_IN_DIST)).mtime.toISOString() : undefined;
  } catch {
    builtAt = undefined;
  }
  return {
    commit: git(['rev-parse', '--short', 'HEAD']),
    backendDirty: Boolean(git(['status', '--porcelain', '--', 'backend', 'contracts'])),
    distBuiltAt: builtAt,
  };
}

async function main() {
  const renderIndex = process.argv.indexOf('--render');
  if (renderIndex > 0) {
    // Prints the tables of an earlier run again: node bench/run.mjs --render bench/results/<file>.json
    const file = process.argv[renderIndex + 1];
    if (!file || !existsSync(file)) {
      fail('--render needs the path of a result JSON file');
    }
    console.log(render(JSON.parse(readFileSync(file, 'utf8'))));
    return;
  }
  const opts = parseArgs(process.argv.slice(2));
  const needPod = opts.modes.some((m) => m !== 'reference');
  if (needPod && !existsSync(podEntry)) {
    fail(`${path.relative(ROOT, podEntry)} is missing: run \`npm run build:backend\` first`);
  }
  const machine = machineInfo(opts.modes.includes('redis') || opts.modes.includes('cluster'));
  const perGenerator = Math.ceil(opts.streams / opts.clients);
  if (perGenerator + 200 > (machine.fdLimit ?? FD_LIMIT_NOTE)) {
    fail(`${perGenerator} sockets per generator exceed the open-file limit (${machine.fdLimit}): raise --clients`);
  }
  if (opts.streams + 100 > (machine.fdLimit ?? FD_LIMIT_NOTE)) {
    log(
      `note: ${opts.streams} streams on one server process is at its open-file limit (${machine.fdLimit}); some connects may fail, and they are reported as such`,
    );
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  const runTag = new Date().toISOString().replace(/[:.]/g, '-');
  let snapshot;
  if (needPod) {
    // Inside the repository, so the copy still resolves node_modules and finds package.json.
    snapshot = path.join(RESULTS_DIR, `.build-${runTag}`);
    cpSync(DIST_SERVER, snapshot, { recursive: true });
    podEntry = path.join(snapshot, ENTRY_IN_DIST);
    process.on('exit', () => rmSync(snapshot, { recursive: true, force: true }));
  }
  const outFile = opts.out ?? path.join(RESULTS_DIR, `${runTag}.json`);
  const watchdog = setTimeout(() => {
    log(`--max-minutes ${opts.maxMinutes} reached: stopping everything`);
    killAll('SIGKILL');
    process.exit(1);
  }, opts.maxMinutes * 60000);
  watchdog.unref();

  const report = {
    tool: 'corkboard bench/run.mjs',
    startedAt: new Date().toISOString(),
    opts,
    machine,
    build: buildInfo(needPod),
    modes: {},
  };
  log(
    `streams ${opts.streams}, users ${opts.users}, generators ${opts.clients}, modes ${opts.modes.join(',')}, phases ${opts.phases.join(',')}`,
  );
  for (const [i, mode] of opts.modes.entries()) {
    if (i > 0) {
      await sleep(3000);
    } // let the kernel finish closing the last mode's sockets
    report.modes[mode] = await runMode(mode, opts, runTag);
    writeFileSync(outFile, JSON.stringify(report, null, 2));
  }
  report.finishedAt = new Date().toISOString();
  writeFileSync(outFile, JSON.stringify(report, null, 2));
  console.log(render(report));
  console.log(`\nResults: ${path.relative(process.cwd(), outFile)}`);
  clearTimeout(watchdog);
  const failed = Object.values(report.modes).some((r) => r.error);
  process.exitCode = failed ? 1 : 0;
}

await main();
