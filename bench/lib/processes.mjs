// Child processes (tracked and killed by PID on exit), and what /proc says about them.

import net from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ROOT, log, now, sleep } from './common.mjs';
import { request } from './http-client.mjs';

// ---------------------------------------------------------------------------
// Child processes: every one we start is tracked and killed by PID on exit.

export const children = new Set();

export function track(child, name) {
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

export function killAll(signal) {
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

export async function stopProcess(child, timeoutMs = 15000) {
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

export function spawnServer(name, command, args, env) {
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

export function tailOf(child) {
  return child?.tail?.length ? `\n  last output of ${child.benchName}:\n    ${child.tail.join('\n    ')}` : '';
}

export function freePort() {
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

export async function waitUntil(what, check, timeoutMs, child) {
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

export function readProc(pid, file) {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

export function rssKb(pid) {
  const status = readProc(pid, 'status');
  const match = status && /VmRSS:\s+(\d+)\s+kB/.exec(status);
  return match ? Number(match[1]) : NaN;
}

export const CLK_TCK = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(out.stdout?.trim()) || 100;
})();

export function cpuMs(pid) {
  const stat = readProc(pid, 'stat');
  if (!stat) {
    return NaN;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** CPU time the whole machine spent busy so far (all cores, all processes). */
export function machineBusyMs() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  return ((fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + (fields[7] || 0)) * 1000) / CLK_TCK;
}

export function selfCpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Busy time of processes that are not ours (e.g. a test suite running meanwhile): they distort every figure.
 * A process of ours that exits meanwhile (a killed pod) counts with its last reading: `meter.sample()`
 * takes one, so call it now and then while one may die.
 */
export function foreignMeter(pids) {
  const last = new Map();
  const ours = () => {
    let total = selfCpuMs();
    for (const pid of pids) {
      const value = cpuMs(pid);
      if (!Number.isNaN(value)) {
        last.set(pid, value);
      }
      total += last.get(pid) ?? 0;
    }
    return total;
  };
  const start = { busy: machineBusyMs(), ours: ours(), at: now() };
  const meter = () => {
    const busy = machineBusyMs() - start.busy;
    const used = ours() - start.ours;
    const wall = now() - start.at;
    return { foreignCpuMs: Math.max(0, busy - used), foreignCpuPct: (100 * Math.max(0, busy - used)) / wall };
  };
  meter.sample = () => void ours();
  return meter;
}

export async function waitForQuiet(opts, pids = []) {
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

/**
 * The kernel's TCP listen counters so far (/proc/net/netstat, the whole network namespace):
 * connects dropped because a listen queue was full, SYN cookies sent, SYNs sent again. A client
 * whose SYN is dropped retries after 1, 2, 4, 8… s, which is what a storm of connects above a
 * server's accept backlog turns into.
 */
export function tcpListenCounters() {
  const lines = readProc('self', 'net/netstat')?.split('\n') ?? [];
  const at = lines.findIndex((line) => line.startsWith('TcpExt:'));
  if (at < 0 || !lines[at + 1]?.startsWith('TcpExt:')) {
    return undefined;
  }
  const names = lines[at].split(' ');
  const values = lines[at + 1].split(' ').map(Number);
  const value = (name) => values[names.indexOf(name)] ?? NaN;
  return {
    listenOverflows: value('ListenOverflows'),
    listenDrops: value('ListenDrops'),
    syncookiesSent: value('SyncookiesSent'),
    synRetransmits: value('TCPSynRetrans'),
  };
}

/** Counter by counter, `after` − `before` (undefined if either is). */
export function counterDeltas(before, after) {
  if (!before || !after) {
    return undefined;
  }
  return Object.fromEntries(Object.keys(after).map((key) => [key, after[key] - before[key]]));
}

/** Write syscalls (write, writev, sendmsg…) the process made so far. */
export function writeSyscalls(pid) {
  const io = readProc(pid, 'io');
  const match = io && /syscw:\s+(\d+)/.exec(io);
  return match ? Number(match[1]) : NaN;
}

/** V8 heap in use and external memory of a pod, from its metrics port (undefined for the reference). */
export async function podHeap(server) {
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
