#!/usr/bin/env node
// A local Redis Cluster from the redis-server and redis-cli binaries, for operators who want to
// try the topology and for the bench (bench/ mode cluster-redis).
//
//   node scripts/redis-cluster.mjs [--masters 3] [--replicas 1] [--base-port 7000] [--dir .redis-cluster]
//
// prints REDIS_CLUSTER_NODES=127.0.0.1:…,… once every node reports cluster_state:ok, and stops the
// nodes on Ctrl-C / SIGTERM. Programmatic use:
//
//   import { startRedisCluster } from './scripts/redis-cluster.mjs';
//   const cluster = await startRedisCluster({ masters: 3, replicas: 1, dir: '/tmp/rc' });
//   cluster.nodes;   // '127.0.0.1:p1,127.0.0.1:p2,…' for REDIS_CLUSTER_NODES
//   cluster.masters; // [{ port, pid, dir }], cluster.replicas: [{ port, pid, dir, masterPort }]
//   await cluster.stop();
//
// Every node keeps its nodes.conf in its own directory, binds 127.0.0.1, persists nothing
// (a throwaway cluster) and never evicts (noeviction, like production should). The cluster bus
// listens on port + 10000, so a port is only taken when that one is free too.
//
// Only Node built-ins; only ever signals processes it started, by PID.

import { execFile, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLUSTER_BUS_OFFSET = 10000;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** Every node still running, so a crash or process.exit() never leaves one behind. */
const live = new Set();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) {
    return;
  }
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) {
      signal(child, 'SIGKILL');
    }
  });
}

function signal(child, name) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  try {
    process.kill(child.pid, name);
  } catch {
    // exited meanwhile
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function ephemeralPort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `count` ports where port and port + 10000 (the cluster bus) are both free. */
async function pickPorts(count, basePort) {
  const ports = [];
  if (basePort !== undefined) {
    for (let port = basePort; ports.length < count; port++) {
      if (port + CLUSTER_BUS_OFFSET > 65535) {
        throw new Error(`no ${count} free ports from ${basePort} with their cluster bus port (+${CLUSTER_BUS_OFFSET}) free`);
      }
      if ((await portIsFree(port)) && (await portIsFree(port + CLUSTER_BUS_OFFSET))) {
        ports.push(port);
      }
    }
    return ports;
  }
  for (let tries = 0; ports.length < count; tries++) {
    if (tries > 200) {
      throw new Error('could not find free ports whose cluster bus port (+10000) is free as well');
    }
    const port = await ephemeralPort();
    if (port + CLUSTER_BUS_OFFSET <= 65535 && !ports.includes(port) && (await portIsFree(port + CLUSTER_BUS_OFFSET))) {
      ports.push(port);
    }
  }
  return ports;
}

/** One command to one node with redis-cli; resolves with its stdout (rejects on failure). */
export function redisCli(port, args, { timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    execFile('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`redis-cli -p ${port} ${args.join(' ')}: ${stderr.trim() || error.message}`));
      } else {
        resolve(stdout);
      }
    });
  });
}

async function waitFor(what, check, timeoutMs, nodes) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = nodes.find((node) => node.child.exitCode !== null || node.child.signalCode !== null);
    if (dead) {
      throw new Error(`${what}: redis-server on port ${dead.port} exited\n${dead.tail.join('\n')}`);
    }
    if (await check().catch(() => false)) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs} ms`);
    }
    await sleep(100);
  }
}

function startNode(port, dir, nodeTimeoutMs, onChild) {
  mkdirSync(dir, { recursive: true });
  // Arguments as on a redis.conf line; --save '' turns RDB snapshots off.
  const args = [
    ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no'],
    ...['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', String(nodeTimeoutMs)],
    ...['--appendonly', 'no', '--save', '', '--maxmemory-policy', 'noeviction', '--loglevel', 'warning'],
  ];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  const node = { port, dir, child, tail: [] };
  const keep = (data) => {
    node.tail.push(...data.toString().split('\n').filter(Boolean));
    node.tail.splice(0, Math.max(0, node.tail.length - 20));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('error', (error) => node.tail.push(`spawn error: ${error.message}`));
  onChild?.(child, `redis-${port}`);
  return node;
}

async function stopNode(node) {
  const { child } = node;
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  signal(child, 'SIGTERM');
  const timer = sleep(STOP_TIMEOUT_MS).then(() => 'timeout');
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signal(child, 'SIGKILL');
    await exited;
  }
}

/** CLUSTER NODES lines: id, port, whether the node is a master, the master a replica follows. */
function parseClusterNodes(text) {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [id, address, flags, masterId] = line.split(' ');
      return {
        id,
        port: Number(/:(\d+)@/.exec(address)?.[1]),
        master: flags.split(',').includes('master'),
        masterId: masterId === '-' ? undefined : masterId,
      };
    });
}

/**
 * Starts masters × (1 + replicas) redis-server processes in cluster mode, joins them with
 * `redis-cli --cluster create` and waits until every node says cluster_state:ok and knows
 * every other node. `onChild(child, name)` lets a caller track the processes as well.
 */
export async function startRedisCluster({ masters = 3, replicas = 1, basePort, dir, nodeTimeoutMs = 2000, onChild } = {}) {
  if (!dir) {
    throw new Error('startRedisCluster needs a dir for the nodes’ files');
  }
  if (masters < 3) {
    throw new Error('a Redis Cluster needs at least 3 masters');
  }
  installExitHook();
  const total = masters * (1 + replicas);
  const ports = await pickPorts(total, basePort);
  const nodes = ports.map((port) => startNode(port, path.join(dir, String(port)), nodeTimeoutMs, onChild));
  const stop = () => Promise.all(nodes.map(stopNode)).then(() => undefined);
  try {
    await waitFor(
      'redis-server to answer PING',
      async () => {
        const answers = await Promise.all(nodes.map((node) => redisCli(node.port, ['PING'])));
        return answers.every((answer) => answer.trim() === 'PONG');
      },
      START_TIMEOUT_MS,
      nodes,
    );
    await new Promise((resolve, reject) => {
      const addresses = ports.map((port) => `127.0.0.1:${port}`);
      execFile(
        'redis-cli',
        ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicas), '--cluster-yes'],
        { timeout: START_TIMEOUT_MS },
        (error, stdout, stderr) =>
          error ? reject(new Error(`redis-cli --cluster create failed: ${stderr.trim() || stdout.trim() || error.message}`)) : resolve(),
      );
    });
    // cluster_state:ok comes before gossip has told every node who replicates whom; a client that
    // reads the slot map meanwhile would take a replica for a master. So wait until every node
    // sees the final roles too.
    let view;
    await waitFor(
      'cluster_state:ok and the same roles on every node',
      async () => {
        const infos = await Promise.all(nodes.map((node) => redisCli(node.port, ['CLUSTER', 'INFO'])));
        if (!infos.every((info) => /cluster_state:ok/.test(info) && new RegExp(`cluster_known_nodes:${total}\\b`).test(info))) {
          return false;
        }
        const views = await Promise.all(nodes.map((node) => redisCli(node.port, ['CLUSTER', 'NODES']).then(parseClusterNodes)));
        view = views[0];
        const rolesAgree = views.every(
          (v) => v.filter((n) => n.master).length === masters && v.filter((n) => !n.master && n.masterId).length === total - masters,
        );
        if (!rolesAgree) {
          return false;
        }
        // And every replica has finished its first sync, so its cost is not in the caller's first measurement.
        const replicaPorts = view.filter((entry) => !entry.master).map((entry) => entry.port);
        const links = await Promise.all(replicaPorts.map((port) => redisCli(port, ['INFO', 'replication'])));
        return links.every((info) => /master_link_status:up/.test(info));
      },
      START_TIMEOUT_MS,
      nodes,
    );
    // Roles from the cluster itself: redis-cli may pair replicas with masters in any order.
    const byId = new Map(view.map((entry) => [entry.id, entry]));
    const describe = (entry) => {
      const node = nodes.find((n) => n.port === entry.port);
      return { port: node.port, pid: node.child.pid, dir: node.dir };
    };
    const masterEntries = view.filter((entry) => entry.master);
    const replicaEntries = view.filter((entry) => !entry.master);
    return {
      nodes: ports.map((port) => `127.0.0.1:${port}`).join(','),
      masters: masterEntries.map(describe).sort((a, b) => a.port - b.port),
      replicas: replicaEntries.map((entry) => ({ ...describe(entry), masterPort: byId.get(entry.masterId)?.port })),
      processes: nodes.map((node) => node.child),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Command line

function parseCli(argv) {
  const opts = { masters: 3, replicas: 1, basePort: 7000, dir: '.redis-cluster' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const int = () => {
      if (!/^\d+$/.test(value ?? '')) {
        throw new Error(`${flag} needs a whole number`);
      }
      i++;
      return Number(value);
    };
    if (flag === '--masters') {
      opts.masters = int();
    } else if (flag === '--replicas') {
      opts.replicas = int();
    } else if (flag === '--base-port') {
      opts.basePort = int();
    } else if (flag === '--dir') {
      opts.dir = value;
      i++;
    } else if (flag === '--help' || flag === '-h') {
      opts.help = true;
    } else {
      throw new Error(`unknown flag ${flag}`);
    }
  }
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (error) {
    console.error(`redis-cluster: ${error.message}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log('Usage: node scripts/redis-cluster.mjs [--masters 3] [--replicas 1] [--base-port 7000] [--dir .redis-cluster]');
    return;
  }
  const dir = path.resolve(opts.dir);
  // A throwaway cluster: nodes.conf of an earlier run would make the nodes refuse to be joined again.
  rmSync(dir, { recursive: true, force: true });
  const cluster = await startRedisCluster({ ...opts, dir });
  for (const master of cluster.masters) {
    const replicas = cluster.replicas.filter((replica) => replica.masterPort === master.port).map((replica) => replica.port);
    console.log(`master 127.0.0.1:${master.port} (pid ${master.pid})${replicas.length ? `, replicas ${replicas.join(', ')}` : ''}`);
  }
  console.log(`REDIS_CLUSTER_NODES=${cluster.nodes}`);
  console.log('Ctrl-C stops the cluster.');
  let stopping = false;
  const shutdown = async () => {
    if (stopping) {
      return;
    }
    stopping = true;
    await cluster.stop();
    process.exit(0);
  };
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(name, () => void shutdown());
  }
  for (const child of cluster.processes) {
    child.once('exit', () => {
      if (!stopping) {
        console.error(`redis-cluster: a node (pid ${child.pid}) exited on its own: stopping the others`);
        void cluster.stop().then(() => process.exit(1));
      }
    });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`redis-cluster: ${error.message}`);
    process.exit(1);
  });
}
