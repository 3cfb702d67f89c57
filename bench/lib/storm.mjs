// The storm scenario: two pods on one Redis hold the streams, one board each; a steady
// writer PATCHes notes on pod B; pod A is killed and its clients reconnect to B with their
// cursors the way the app does. Measures how long the move takes, whether every event still
// reaches every stream exactly once, and what the storm costs the streams already on B.

import os from 'node:os';
import path from 'node:path';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { Histogram } from '../hist.mjs';
import { formatSummary, summariseProfile } from '../profile-summary.mjs';
import { RESULTS_DIR, log, now, sleep, sum } from './common.mjs';
import { WriterPool } from './http-client.mjs';
import { counterDeltas, cpuMs, foreignMeter, rssKb, stopProcess, tcpListenCounters, waitForQuiet } from './processes.mjs';
import { fmt } from './report.mjs';
import { addCounts, waitForDeliveries } from './scenarios.mjs';
import { setupBoards, startClient, startNginx, startPod, startRedis, stopClients } from './servers.mjs';

const POD_A = 0;
const POD_B = 1;
/** RSS of the survivor is read this long after the last moved stream resumed (the issue's "3 s after"). */
const RSS_AFTER_STORM_MS = 3000;
const WINDOWS = ['before', 'storm', 'after'];
/** The CPU readings each window runs between. */
const WINDOW_MARKS = { before: ['before', 'kill'], storm: ['kill', 'stormEnd'], after: ['stormEnd', 'after'] };
const STORM_PHASE_ID = 9000;
/**
 * The app gives up on a connect that stays silent for 2.5 heartbeats (its watchdog,
 * transport-policy.ts WATCHDOG_HEARTBEATS × DEFAULT_HEARTBEAT_MS) and tries again after backoff.
 */
const RECONNECT_TIMEOUT_MS = 2.5 * 15000;

/**
 * Open loop for as long as it runs: write `seq` is due at start + seq / rate whatever happened
 * before, and its latency counts from that moment. Stops at `stop()` or after `maxSeq` writes.
 */
function steadyWriter(pool, phaseId, eventsPerSecond, maxSeq) {
  const interval = 1000 / eventsPerSecond;
  const results = [];
  const pending = [];
  let stopped = false;
  let late = 0;
  const start = now() + 20;
  const done = (async () => {
    let seq = 0;
    for (; seq < maxSeq && !stopped; seq++) {
      const due = start + seq * interval;
      const wait = due - now();
      if (wait > 0.5) {
        await sleep(wait);
      }
      if (stopped) {
        break;
      }
      const at = seq;
      pending.push(
        pool.send(phaseId, at, due).then((result) => {
          if (result.sentAt - due > Math.max(5, interval)) {
            late++;
          }
          results[at] = { ...result, dueAt: due };
        }),
      );
    }
    await Promise.all(pending);
    return { results, late, capped: seq >= maxSeq };
  })();
  return { stop: () => (stopped = true), done };
}

/** The first sequence number due at or after `t` (writes are due in order). */
function firstSeqAt(results, t) {
  const at = results.findIndex((r) => r && r.dueAt >= t);
  return at < 0 ? results.length : at;
}

/** CPU (ms) of pods A and B and of Redis, and the time, at one moment. */
function mark(pids) {
  return {
    at: now(),
    a: cpuMs(pids.a),
    b: cpuMs(pids.b),
    redis: cpuMs(pids.redis),
    nginx: pids.nginx.length ? sum(pids.nginx.map(cpuMs)) : NaN,
    tcp: tcpListenCounters(),
  };
}

function cpuPct(from, to, key) {
  const value = to[key] - from[key];
  return Number.isNaN(value) ? null : (100 * value) / (to.at - from.at);
}

/** The time by which a share `q` of `times` (ms since the kill; Infinity = never) had happened. */
function quantile(sorted, q) {
  if (sorted.length === 0) {
    return null;
  }
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

export async function runStorm(signal, opts, runTag) {
  const name = `storm ${signal}`;
  const result = { scenario: 'storm', signal, via: opts.via, startedAt: new Date().toISOString() };
  const servers = [];
  let redis;
  let clients = [];
  let pool;
  let writer;
  let nginx;
  const viaNginx = opts.via === 'nginx';
  const nginxDir = viaNginx ? path.join(os.tmpdir(), `corkboard-bench-nginx-${runTag}-${signal}`) : undefined;
  const profDir = opts.cpuProf ? path.join(RESULTS_DIR, `prof-${runTag}-storm-${signal}`) : undefined;
  if (profDir) {
    mkdirSync(profDir, { recursive: true });
  }
  try {
    result.foreignCpuBeforePct = await waitForQuiet(opts);
    // 1. One Redis, pods A and B, the boards (created on B: the state is shared through Redis)
    redis = await startRedis();
    servers.push(await startPod('podA', opts, { url: redis.url }, { profDir }));
    servers.push(await startPod('podB', opts, { url: redis.url }, { profDir }));
    const [podA, podB] = servers;
    if (viaNginx) {
      nginx = await startNginx(servers, nginxDir);
    }
    // Where the streams connect: the pods themselves, or nginx in front of both.
    const entries = viaNginx ? [{ host: '127.0.0.1', port: nginx.port }] : servers.map((s) => ({ host: '127.0.0.1', port: s.port }));
    const setup = await setupBoards(podB.port, opts);
    const target = { kind: 'corkboard', port: podB.port, token: setup.ownerToken, boards: setup.boards, tokens: setup.tokens };
    result.servers = servers.map((s) => ({ name: s.name, pid: s.child.pid, port: s.port }));
    result.redis = { pid: redis.child.pid, port: redis.port };
    result.nginx = nginx ? { pid: nginx.child.pid, workers: nginx.workerPids, port: nginx.port } : undefined;
    const pids = {
      a: podA.child.pid,
      b: podB.child.pid,
      redis: redis.child.pid,
      nginx: nginx ? [nginx.child.pid, ...nginx.workerPids] : [],
    };

    // 2. Generators and the writer's connections (to B: a load balancer sends writes there once A is gone)
    clients = Array.from({ length: opts.clients }, (_, i) => startClient(i));
    await Promise.all(clients.map((c) => c.next('hello', 15000)));
    pool = await new WriterPool(target, opts.writers).open();
    await sleep(1000);
    const ourPids = [pids.a, pids.b, pids.redis, ...pids.nginx, ...clients.map((c) => c.child.pid)];
    const rssBefore = { a: rssKb(pids.a), b: rssKb(pids.b) };

    // 3. Open the streams: one board each, every board's streams spread over both pods
    const perClient = Math.ceil(opts.streams / opts.clients);
    const connectDeadline = now() + opts.connectTimeoutS * 1000;
    const cpuBeforeConnect = mark(pids);
    const connectForeign = foreignMeter(ourPids);
    log(`${name}: opening ${opts.streams} streams on ${opts.boards} boards from ${opts.clients} generator processes (${perClient} each)`);
    const openStarted = now();
    const opened = await Promise.all(
      clients.map((c, i) => {
        const first = i * perClient;
        return c.call(
          {
            cmd: 'open',
            pods: entries,
            tokens: target.tokens,
            boardPaths: setup.boards.map((board) => `/api/events?channel=board:${board.id}`),
            resume: { failover: viaNginx ? 0 : POD_B, timeoutMs: RECONNECT_TIMEOUT_MS },
            first,
            count: Math.max(0, Math.min(perClient, opts.streams - first)),
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
    const lastReady = Math.max(...opened.map((o) => o.lastReadyAt));
    const connectCpu = mark(pids);
    result.connect = {
      requested: opts.streams,
      opened: connected,
      failed: opts.streams - connected,
      failures: addCounts(opened.map((o) => o.failures)),
      refusals: addCounts(opened.map((o) => o.refusals)),
      connectAllMs: lastReady - openStarted,
      connectsPerSecond: connected / ((lastReady - openStarted) / 1000),
      tcp: counterDeltas(cpuBeforeConnect.tcp, connectCpu.tcp),
      serverCpuMs: connectCpu.a + connectCpu.b + connectCpu.redis - (cpuBeforeConnect.a + cpuBeforeConnect.b + cpuBeforeConnect.redis),
      nginxCpuMs: viaNginx ? connectCpu.nginx - cpuBeforeConnect.nginx : undefined,
      generatorCpuMs: sum(opened.map((o) => o.cpu.userMs + o.cpu.systemMs)),
      ...connectForeign(),
    };
    log(
      `${name}: ${connected}/${opts.streams} streams open in ${fmt(result.connect.connectAllMs / 1000)} s` +
        `${connected < opts.streams ? `; failures ${JSON.stringify(result.connect.failures)}` : ''}` +
        `${Object.keys(result.connect.refusals).length ? `; refused (then retried) ${JSON.stringify(result.connect.refusals)}` : ''}`,
    );

    // 4. Writes flowing: warm-up, then "before"
    const maxSeq = Math.ceil(opts.writeRate * (opts.warmupS + opts.beforeS + opts.stormMaxS + opts.afterS + 10));
    const started = await Promise.all(
      clients.map((c) => c.call({ cmd: 'phase', id: STORM_PHASE_ID, m: maxSeq, boards: opts.boards }, 'phaseStarted')),
    );
    const streamsPerBoard = started[0].streamsPerBoard.map((_, b) => sum(started.map((s) => s.streamsPerBoard[b])));
    writer = steadyWriter(pool, STORM_PHASE_ID, opts.writeRate, maxSeq);
    log(`${name}: writing ${opts.writeRate} note updates/s to pod B; warm-up ${opts.warmupS} s, before ${opts.beforeS} s`);
    await sleep(opts.warmupS * 1000);
    const foreign = {};
    const at = {};
    at.before = mark(pids);
    foreign.before = foreignMeter(ourPids);
    await sleep(opts.beforeS * 1000);

    // 5. The kill, and the storm: until every moved stream has its new stream.ready
    at.kill = mark(pids);
    foreign.before = foreign.before();
    foreign.storm = foreignMeter(ourPids);
    const rssBAtKill = rssKb(pids.b);
    const marked = await Promise.all(clients.map((c) => c.call({ cmd: 'markKill', pod: POD_A, dynamic: viaNginx }, 'killMarked')));
    const atKill = await Promise.all(clients.map((c) => c.call({ cmd: 'progress' }, 'progress')));
    let moved = sum(marked.map((m) => m.moved));
    let podAExitedAt;
    const podAExited = new Promise((resolve) => podA.child.once('exit', () => resolve((podAExitedAt = now()))));
    const killAt = now();
    process.kill(pids.a, signal);
    log(`${name}: ${signal} to pod A (pid ${pids.a}), which holds ${viaNginx ? 'what nginx gave it of the' : moved} streams`);
    let progress;
    let stormTimedOut = false;
    for (;;) {
      foreign.storm.sample(); // pod A's CPU until it is gone (a SIGTERM drain takes a while)
      progress = await Promise.all(clients.map((c) => c.call({ cmd: 'progress' }, 'progress')));
      if (viaNginx) {
        // Behind nginx the moved streams are those that dropped; all of them have once A is gone a while.
        moved = sum(progress.map((p) => p.moved));
        if (moved > 0 && podAExitedAt !== undefined && now() - podAExitedAt > 1000 && sum(progress.map((p) => p.resumed)) >= moved) {
          break;
        }
      } else if (sum(progress.map((p) => p.resumed)) >= moved) {
        break;
      }
      if (now() - killAt > opts.stormMaxS * 1000) {
        stormTimedOut = true;
        break;
      }
      await sleep(100);
    }
    at.stormEnd = mark(pids);
    foreign.storm = foreign.storm();
    foreign.after = foreignMeter(ourPids);
    const resumedInStorm = sum(progress.map((p) => p.resumed));
    const stormEndAt = stormTimedOut ? at.stormEnd.at : Math.max(killAt, ...progress.map((p) => p.lastResumedAt));
    log(
      `${name}: ${resumedInStorm}/${moved} moved streams resumed ${stormTimedOut ? `by the ${opts.stormMaxS} s limit` : `in ${fmt((stormEndAt - killAt) / 1000)} s`}`,
    );

    // 6. "after", with the survivor's RSS 3 s after the storm
    await sleep(Math.max(0, stormEndAt + RSS_AFTER_STORM_MS - now()));
    const rssBAfterStorm = rssKb(pids.b);
    const heldOnB = sum((await Promise.all(clients.map((c) => c.call({ cmd: 'progress' }, 'progress')))).map((p) => p.open));
    await sleep(Math.max(0, stormEndAt + opts.afterS * 1000 - now()));
    at.after = mark(pids);
    foreign.after = foreign.after();
    writer.stop();
    const writes = await writer.done;
    await Promise.race([podAExited, sleep(1)]);

    // 7. Drain: every published write's deliveries, or until they stop arriving
    const published = writes.results.map((r) => (r && r.status >= 200 && r.status < 300 ? 1 : 0));
    const expected = sum(published.map((p, seq) => (p ? streamsPerBoard[seq % opts.boards] : 0)));
    const received = await waitForDeliveries(clients, expected, opts);

    // 8. Figures: windows by each write's due time
    const bounds = {
      before: [firstSeqAt(writes.results, at.before.at), firstSeqAt(writes.results, killAt)],
      storm: [firstSeqAt(writes.results, killAt), firstSeqAt(writes.results, stormEndAt)],
      after: [firstSeqAt(writes.results, stormEndAt), writes.results.length],
    };
    const reports = await Promise.all(
      clients.map((c) =>
        c.call(
          { cmd: 'stormReport', windows: WINDOWS.map((w) => ({ name: w, from: bounds[w][0], to: bounds[w][1] })), published },
          'stormReport',
          60000,
        ),
      ),
    );
    const classes = {};
    for (const cls of ['own', 'moved']) {
      classes[cls] = {};
      for (const w of WINDOWS) {
        const parts = reports.map((r) => r.classes[cls][w]);
        const hist = new Histogram();
        parts.forEach((p) => hist.merge(p.hist));
        classes[cls][w] = {
          expected: sum(parts.map((p) => p.expected)),
          lost: sum(parts.map((p) => p.lost)),
          lostUnresumed: sum(parts.map((p) => p.lostUnresumed)),
          duplicated: sum(parts.map((p) => p.dup)),
          latencyMs: hist.summary(),
        };
      }
    }
    const resumeMs = reports
      .flatMap((r) => r.resumeTimes)
      .map((t) => (t > 0 ? t - killAt : Infinity))
      .sort((x, y) => x - y);
    const postLatencyMs = {};
    for (const w of WINDOWS) {
      const hist = new Histogram();
      for (let seq = bounds[w][0]; seq < bounds[w][1]; seq++) {
        const r = writes.results[seq];
        if (r) {
          hist.add(r.doneAt - r.dueAt);
        }
      }
      postLatencyMs[w] = hist.summary();
    }
    const interval = 1000 / opts.writeRate;
    const lateSends = (w) =>
      writes.results.slice(bounds[w][0], bounds[w][1]).filter((r) => r && r.sentAt - r.dueAt > Math.max(5, interval)).length;
    const statusCounts = {};
    for (const r of writes.results.slice(bounds.before[0])) {
      if (r) {
        statusCounts[r.status || r.error] = (statusCounts[r.status || r.error] ?? 0) + 1;
      }
    }
    const admittedAtKill = sum(atKill.map((p) => p.admitted));
    const admittedInStorm = sum(progress.map((p) => p.admitted)) - admittedAtKill;
    const refusalsInStorm = addCounts(progress.map((p) => p.refusals));
    const stormMs = at.stormEnd.at - at.kill.at;
    const bBeforeRate = (at.kill.b - at.before.b) / (at.kill.at - at.before.at);
    const bStormCpuMs = at.stormEnd.b - at.kill.b;
    const windowCpu = (from, to) => ({
      wallMs: to.at - from.at,
      tcp: counterDeltas(from.tcp, to.tcp),
      podACpuPct: cpuPct(from, to, 'a'),
      podBCpuPct: cpuPct(from, to, 'b'),
      redisCpuPct: cpuPct(from, to, 'redis'),
      nginxCpuPct: viaNginx ? cpuPct(from, to, 'nginx') : undefined,
    });
    Object.assign(result, {
      moved: viaNginx ? sum(reports.map((r) => r.moved)) : moved,
      resumed: resumeMs.filter(Number.isFinite).length,
      neverResumed: resumeMs.filter((t) => !Number.isFinite(t)).length,
      stormTimedOut,
      resumeMs: { p50: quantile(resumeMs, 0.5), p99: quantile(resumeMs, 0.99), p100: quantile(resumeMs, 1) },
      stormMs: stormEndAt - killAt,
      podAExitMs: podAExitedAt === undefined ? null : podAExitedAt - killAt,
      reconnectAttempts: sum(reports.map((r) => r.attempts)),
      reconnectMs: reports.reduce((hist, r) => hist.merge(r.reconnectMs), new Histogram()).summary(),
      refusals: addCounts(reports.map((r) => r.refusals)),
      reconnectFailures: addCounts(reports.map((r) => r.failures)),
      ownStreamsDropped: sum(reports.map((r) => r.ownDropped)),
      streamsOpenAtEnd: sum(reports.map((r) => r.open)),
      closeReasons: addCounts(reports.map((r) => r.closeReasons)),
      writes: {
        rate: opts.writeRate,
        sent: writes.results.filter(Boolean).length,
        published: sum(published),
        lateSends: writes.late,
        capped: writes.capped,
        statusCounts,
        postLatencyMs,
      },
      windows: Object.fromEntries(
        WINDOWS.map((w) => [
          w,
          {
            writes: bounds[w][1] - bounds[w][0],
            // Sent more than one interval after their due time: the writer itself was held up (a busy machine).
            lateSends: lateSends(w),
            ...windowCpu(at[WINDOW_MARKS[w][0]], at[WINDOW_MARKS[w][1]]),
            ...foreign[w],
          },
        ]),
      ),
      classes,
      delivery: {
        expected,
        received,
        stale: sum(reports.map((r) => r.stale)),
        lost: sum(WINDOWS.map((w) => classes.own[w].lost + classes.moved[w].lost)),
        lostOnNeverResumed: sum(WINDOWS.map((w) => classes.moved[w].lostUnresumed)),
        duplicated: sum(WINDOWS.map((w) => classes.own[w].duplicated + classes.moved[w].duplicated)),
      },
      podB: {
        admittedInStorm,
        refusedInStorm: refusalsInStorm,
        stormCpuMs: bStormCpuMs,
        beforeCpuMsPerS: bBeforeRate * 1000,
        cpuMsPerConnect: admittedInStorm > 0 ? (bStormCpuMs - bBeforeRate * stormMs) / admittedInStorm : null,
        rssBeforeStreamsKb: rssBefore.b,
        rssAtKillKb: rssBAtKill,
        rssAfterStormKb: rssBAfterStorm,
        streamsHeld: heldOnB,
        rssPerStreamKb: heldOnB > 0 ? (rssBAfterStorm - rssBefore.b) / heldOnB : null,
        rssPerMovedStreamKb: resumedInStorm > 0 ? (rssBAfterStorm - rssBAtKill) / resumedInStorm : null,
      },
      generatorRssKb: reports.map((r) => r.rssKb),
    });
    const own = classes.own;
    log(
      `${name}: resumed 50/99/100 % in ${[0.5, 0.99, 1].map((q) => fmt(quantile(resumeMs, q) / 1000)).join(' / ')} s, ` +
        `lost ${result.delivery.lost}, dup ${result.delivery.duplicated}, B's own p99 before ${fmt(own.before.latencyMs.p99)} → storm ${fmt(own.storm.latencyMs.p99)} ms, ` +
        `B CPU ${fmt(result.podB.cpuMsPerConnect, 2)} ms/connect`,
    );
  } catch (error) {
    result.error = error?.message ?? String(error);
    log(`${name}: FAILED: ${result.error}`);
  } finally {
    writer?.stop();
    await writer?.done.catch(() => undefined);
    pool?.close();
    await stopClients(clients);
    if (nginx) {
      await stopProcess(nginx.child, 10000);
      rmSync(nginxDir, { recursive: true, force: true });
    }
    await Promise.all(servers.map((s) => stopProcess(s.child, 15000)));
    if (redis) {
      await stopProcess(redis.child, 10000);
    }
  }
  if (profDir && existsSync(profDir)) {
    // A pod killed with SIGKILL writes no profile: then only B's is there.
    result.profiles = [];
    for (const file of readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'))) {
      try {
        const summary = summariseProfile(path.join(profDir, file), 20);
        // Node names the file CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile.
        const pid = Number(file.split('.').at(-4));
        summary.server = result.servers?.find((server) => server.pid === pid)?.name;
        result.profiles.push(summary);
        log(`${name}: CPU profile of ${summary.server ?? file}\n${formatSummary(summary)}`);
      } catch (error) {
        log(`${name}: could not read profile ${file}: ${error.message}`);
      }
    }
  }
  return result;
}
