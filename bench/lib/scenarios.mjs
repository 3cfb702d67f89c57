// One mode from start to finish: open the streams, measure idle memory, run the phases
// (offered load and saturation) and collect what the generators saw.

import path from 'node:path';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { formatHeapSummary, summariseHeap } from '../heap-summary.mjs';
import { Histogram } from '../hist.mjs';
import { formatSummary, summariseProfile } from '../profile-summary.mjs';
import { REDIS_MODES, RESULTS_DIR, ROOT, TWO_POD_MODES, log, now, sleep, sum } from './common.mjs';
import { WriterPool, request } from './http-client.mjs';
import { cpuMs, foreignMeter, podHeap, rssKb, stopProcess, waitForQuiet, waitUntil, writeSyscalls } from './processes.mjs';
import { fmt, fmtInt } from './report.mjs';
import {
  redisStats,
  setupBoards,
  startBenchRedisCluster,
  startClient,
  startPod,
  startRedis,
  startReference,
  stopClients,
} from './servers.mjs';

/**
 * Open loop: event `seq` is due at start + seq / rate whatever happened before, and its
 * latency counts from that moment (no coordinated omission when the writer has to wait).
 */
export async function rateWriter(pool, phaseId, m, eventsPerSecond, deadline) {
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
export async function saturationWriter(pool, phaseId, m, concurrency, deadline) {
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
const REDIS_IDLE_MS = 5000;

/** `transport` 'poll' (the poll scenario): the clients loop on GET /api/events/poll instead of holding streams. */
export async function runMode(mode, opts, runTag, transport = 'sse') {
  const result = { mode, transport, startedAt: new Date().toISOString() };
  const servers = [];
  let redis;
  let redisCluster;
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
      let podRedis;
      if (mode === 'cluster-redis') {
        redisCluster = await startBenchRedisCluster(runTag);
        podRedis = { clusterNodes: redisCluster.nodes };
      } else if (REDIS_MODES.includes(mode)) {
        redis = await startRedis();
        podRedis = { url: redis.url };
      }
      servers.push(await startPod('pod1', opts, podRedis, diag));
      if (TWO_POD_MODES.includes(mode)) {
        servers.push(await startPod('pod2', opts, podRedis, diag));
      }
      const setup = await setupBoards(servers[0].port, opts);
      target = {
        kind: 'corkboard',
        port: servers[0].port,
        token: setup.ownerToken,
        boards: setup.boards,
        tokens: setup.tokens,
      };
    }
    result.servers = servers.map((s) => ({ name: s.name, pid: s.child.pid, port: s.port }));
    // Every Redis process of the mode; `role` single (one redis-server), master or replica (cluster-redis).
    const redisNodes = redis
      ? [{ role: 'single', port: redis.port, pid: redis.child.pid }]
      : redisCluster
        ? [
            ...redisCluster.masters.map((m) => ({ role: 'master', port: m.port, pid: m.pid })),
            ...redisCluster.replicas.map((r) => ({ role: 'replica', port: r.port, pid: r.pid, masterPort: r.masterPort })),
          ]
        : [];
    if (redis) {
      result.redis = { pid: redis.child.pid, port: redis.port };
    }
    if (redisCluster) {
      result.redisCluster = { nodes: redisNodes };
    }
    const channels = target.boards?.map((board) => `channel=board:${board.id}`).join('&');
    const streamPath = mode === 'reference' ? '/events' : `/api/events${transport === 'poll' ? '/poll' : ''}?${channels}`;
    const serverPids = servers.map((s) => s.child.pid);
    const redisPids = redisNodes.map((node) => node.pid);
    const allServerPids = [...serverPids, ...redisPids];

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
    const redisRss = () => (redisPids.length ? sum(redisPids.map(rssKb)) : undefined);
    const redisRssBefore = redisRss();

    // 3. Open the streams
    const perClient = Math.ceil(opts.streams / opts.clients);
    const connectDeadline = now() + opts.connectTimeoutS * 1000;
    const cpuBeforeConnect = allServerPids.map(cpuMs);
    const ourPids = [...allServerPids, ...clients.map((c) => c.child.pid)];
    const connectForeign = foreignMeter(ourPids);
    log(
      `${mode}: opening ${opts.streams} ${transport === 'poll' ? 'polling clients' : 'streams'} from ${opts.clients} generator processes (${perClient} each)`,
    );
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
            poll: transport === 'poll',
            pollWaitS: opts.pollWaitS,
          },
          'opened',
          opts.connectTimeoutS * 1000 + 90000,
        );
      }),
    );
    const connected = sum(opened.map((o) => o.ok));
    const failures = addCounts(opened.map((o) => o.failures));
    // Connects refused with 503/429 and tried again after Retry-After: by status, each attempt once.
    const refusals = addCounts(opened.map((o) => o.refusals));
    const lastReady = Math.max(...opened.map((o) => o.lastReadyAt));
    result.connect = {
      requested: opts.streams,
      opened: connected,
      failed: opts.streams - connected,
      failures,
      refusals,
      connectAllMs: lastReady - openStarted,
      connectsPerSecond: connected / ((lastReady - openStarted) / 1000),
      serverCpuMs: sum(allServerPids.map(cpuMs)) - sum(cpuBeforeConnect),
      generatorCpuMs: sum(opened.map((o) => o.cpu.userMs + o.cpu.systemMs)),
      ...connectForeign(),
    };
    log(
      `${mode}: ${connected}/${opts.streams} streams open in ${(result.connect.connectAllMs / 1000).toFixed(1)} s${connected < opts.streams ? `; failures ${JSON.stringify(failures)}` : ''}${Object.keys(refusals).length ? `; refused (then retried) ${JSON.stringify(refusals)}` : ''}`,
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
      redisRssIdleKb: redisRss(),
    };
    log(
      `${mode}: server RSS ${(sum(rssBefore) / 1024).toFixed(0)} → ${(sum(rssEarly) / 1024).toFixed(0)} MB after ${earlyMs / 1000} s, ${(sum(rssIdle) / 1024).toFixed(0)} MB after ${opts.settleMs / 1000} s = ${result.memory.rssPerStreamKb?.toFixed(1)} KB per idle stream${result.memory.heapUsedPerStreamKb === undefined ? '' : ` (V8 heap in use: ${result.memory.heapUsedPerStreamKb.toFixed(1)} KB per stream)`}`,
    );
    for (const c of clients) {
      await c.call({ cmd: 'status' }, 'status');
    }
    if (redisNodes.length) {
      // Each Redis process's CPU with the streams open and no writes, subtracted from the phases':
      // at a low offered load the cluster bus and cron of 6 processes would otherwise dominate.
      const idle0 = await Promise.all(redisNodes.map((node) => redisStats(node.port)));
      const idleStart = now();
      await sleep(REDIS_IDLE_MS);
      const idle1 = await Promise.all(redisNodes.map((node) => redisStats(node.port)));
      const seconds = (now() - idleStart) / 1000;
      redisNodes.forEach((node, i) => (node.idleCpuMsPerS = (idle1[i].cpuMs - idle0[i].cpuMs) / seconds));
      log(`${mode}: Redis idle CPU ${redisNodes.map((node) => `${node.port} ${fmt(node.idleCpuMsPerS / 10)} %`).join(', ')}`);
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
        const phase = await runPhase(phaseName, { mode, opts, clients, target, serverPids, redisNodes, ourPids, pool });
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
    await stopClients(clients);
    await Promise.all(servers.map((s) => stopProcess(s.child, 15000)));
    if (redis) {
      await stopProcess(redis.child, 10000);
    }
    await redisCluster?.stop();
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

/** Sums count maps ({ reason: n }) key by key. */
export function addCounts(maps) {
  const total = {};
  for (const map of maps) {
    for (const [key, n] of Object.entries(map ?? {})) {
      total[key] = (total[key] ?? 0) + n;
    }
  }
  return total;
}

/** SIGWINCH makes a server started with --heapsnapshot-signal write a snapshot; waits until it is complete. */
export async function takeHeapSnapshot(server, dir) {
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

/** Calls and command time per command between two INFO commandstats readings, busiest first. */
function commandDeltas(before, after) {
  return Object.entries(after)
    .map(([name, { calls, usec }]) => ({ name, calls: calls - (before[name]?.calls ?? 0), usec: usec - (before[name]?.usec ?? 0) }))
    .filter((command) => command.calls > 0)
    .sort((a, b) => b.usec - a.usec);
}

export async function runPhase(phaseName, { mode, opts, clients, serverPids, redisNodes, ourPids, pool }) {
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
  const redis0 = await Promise.all(redisNodes.map((node) => redisStats(node.port)));
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
  await waitForDeliveries(clients, expected, opts);
  const drainedAt = now();
  const serverCpu = sum(serverPids.map(cpuMs)) - sum(serverCpu0);
  const serverSyscw = sum(serverPids.map(writeSyscalls)) - sum(serverSyscw0);
  const redis1 = await Promise.all(redisNodes.map((node) => redisStats(node.port)));
  const redisCpuByNode = redisNodes.map((node, i) => redis1[i].cpuMs - redis0[i].cpuMs);
  const redisCpu = redisNodes.length ? sum(redisCpuByNode) : undefined;
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
    redisCpuUsPerDelivery: redisCpu !== undefined && got > 0 ? (redisCpu * 1000) / got : null,
    generatorCpuMs,
    writerCpuMs,
    loadGenCpuPct: (100 * (generatorCpuMs + writerCpuMs)) / wallMs,
    serverCpuUsPerDelivery: got > 0 ? (serverCpu * 1000) / got : null,
    serverWriteSyscallsPerDelivery: got > 0 ? serverSyscw / got : null,
    ...foreignUse,
  };
  // Per Redis process: its CPU, the part of it above its idle use (cluster bus, cron, the pods'
  // own traffic), and the events it published. A shard's deliveries are its events × streams (every
  // stream watches every board); a replica works for its master's events.
  phase.redisNodes = redisNodes.map((node, i) => {
    const published = node.role === 'replica' ? null : redis1[i].publishes - redis0[i].publishes;
    return {
      ...node,
      cpuMs: redisCpuByNode[i],
      idleCpuMs: (node.idleCpuMsPerS ?? 0) * (wallMs / 1000),
      published,
      deliveries: published === null ? null : published * streams,
      commands: commandDeltas(redis0[i].commands, redis1[i].commands),
    };
  });
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

/**
 * Polls the generators until `expected` deliveries arrived, none arrived for --stall-ms, or
 * --drain-max-s passed; returns how many arrived.
 */
export async function waitForDeliveries(clients, expected, opts) {
  let received = 0;
  let lastProgress = -1;
  let lastChange = now();
  const drainDeadline = now() + opts.drainMaxS * 1000;
  for (;;) {
    const progress = await Promise.all(clients.map((c) => c.call({ cmd: 'progress' }, 'progress')));
    received = sum(progress.map((p) => p.received));
    if (received >= expected) {
      return received;
    }
    if (received !== lastProgress) {
      lastProgress = received;
      lastChange = now();
    } else if (now() - lastChange > opts.stallMs || now() > drainDeadline) {
      return received;
    }
    await sleep(100);
  }
}
