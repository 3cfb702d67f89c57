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
//           cluster-redis
//                      as cluster, on a local Redis Cluster (scripts/redis-cluster.mjs: 3 masters,
//                      1 replica each); Redis CPU is reported per shard, and beside the single
//                      Redis of mode cluster when both run
//           reference  bench/reference-server.mjs (POST /publish instead of PATCH)
//
// `--boards N` spreads the writes over N boards, each stream watching all of them, so every write
// still reaches every stream; with cluster-redis it defaults to 12, so that each shard owns some.
//
// `--scenario poll` runs each mode twice on the same clients and writes, as SSE streams and as
// long-polling clients (GET /api/events/poll), and reports poll against SSE as ratios.
//
// `--scenario storm` (bench/lib/storm.mjs): one redis-server and pods A and B hold 10,000 streams
// on 100 boards, half on each pod; a steady writer PATCHes notes on B; pod A is killed (SIGKILL,
// then in a fresh run SIGTERM: `--kill`) and its clients reconnect to B as the app does (jittered
// backoff, the drain's `retry:`, Retry-After of a 503/429) with their last SSE id as Last-Event-ID.
// Reports how long until 50/99/100 % of the moved streams resumed, lost and duplicated events
// (0 / 0 is the target), the latency of B's own streams before, during and after the storm, B's
// CPU per connect and its RSS 3 s after the storm. E.g.
//   npm run build:backend && npm run bench -- --scenario storm --quiet-wait-s 30
//   npm run bench -- --scenario storm --streams 2000 --boards 20 --kill SIGKILL --connect-rate 500
// `--via nginx` puts nginx (deploy/nginx/corkboard.conf.template, plain HTTP/1.1) in front of the
// pods for the streams; the writer stays on pod B.
//
// Every scenario retries a stream connect refused with 503 or 429 as the app does and reports
// the refusals; `--connect-rate N` sets the pods' SSE_CONNECT_RATE.
//
// Only Node built-ins. Signals only the processes it started, by PID. Not part of npm test.

import path from 'node:path';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import {
  DIST_SERVER,
  ENTRY_IN_DIST,
  FD_LIMIT_NOTE,
  REDIS_MODES,
  RESULTS_DIR,
  ROOT,
  fail,
  log,
  podEntry,
  setPodEntry,
  sleep,
} from './lib/common.mjs';
import { parseArgs } from './lib/options.mjs';
import { killAll } from './lib/processes.mjs';
import { buildInfo, machineInfo, render, renderPollComparison, renderRedis, renderStorm } from './lib/report.mjs';
import { runMode } from './lib/scenarios.mjs';
import { runStorm } from './lib/storm.mjs';

/** The tables of a whole run, as its scenario lays them out. */
function renderAll(report) {
  if (report.opts.scenario === 'storm') {
    return renderStorm(report);
  }
  return [render(report), renderRedis(report), ...(report.opts.scenario === 'poll' ? [renderPollComparison(report)] : [])].join('\n');
}

async function main() {
  const renderIndex = process.argv.indexOf('--render');
  if (renderIndex > 0) {
    // Prints the tables of an earlier run again: node bench/run.mjs --render bench/results/<file>.json
    const file = process.argv[renderIndex + 1];
    if (!file || !existsSync(file)) {
      fail('--render needs the path of a result JSON file');
    }
    console.log(renderAll(JSON.parse(readFileSync(file, 'utf8'))));
    return;
  }
  const opts = parseArgs(process.argv.slice(2));
  const needPod = opts.modes.some((m) => m !== 'reference');
  if (needPod && !existsSync(podEntry)) {
    fail(`${path.relative(ROOT, podEntry)} is missing: run \`npm run build:backend\` first`);
  }
  const machine = machineInfo(
    opts.modes.some((mode) => REDIS_MODES.includes(mode)),
    opts.modes.includes('cluster-redis'),
  );
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
    setPodEntry(path.join(snapshot, ENTRY_IN_DIST));
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
  const storm = opts.scenario === 'storm';
  log(
    `streams ${opts.streams}, users ${opts.users}, boards ${opts.boards}, generators ${opts.clients}, ` +
      (storm ? `storm, kill ${opts.kill.join(',')}` : `modes ${opts.modes.join(',')}, phases ${opts.phases.join(',')}`),
  );
  const runs = storm
    ? opts.kill.map((signal) => [`storm ${signal}`, () => runStorm(signal, opts, runTag)])
    : opts.modes.flatMap((mode) =>
        opts.scenario === 'poll'
          ? [
              [`${mode} sse`, () => runMode(mode, opts, runTag, 'sse')],
              [`${mode} poll`, () => runMode(mode, opts, runTag, 'poll')],
            ]
          : [[mode, () => runMode(mode, opts, runTag, 'sse')]],
      );
  for (const [i, [name, run]] of runs.entries()) {
    if (i > 0) {
      await sleep(3000);
    } // let the kernel finish closing the last mode's sockets
    report.modes[name] = await run();
    writeFileSync(outFile, JSON.stringify(report, null, 2));
  }
  report.finishedAt = new Date().toISOString();
  writeFileSync(outFile, JSON.stringify(report, null, 2));
  console.log(renderAll(report));
  console.log(`\nResults: ${path.relative(process.cwd(), outFile)}`);
  clearTimeout(watchdog);
  const failed = Object.values(report.modes).some((r) => r.error);
  process.exitCode = failed ? 1 : 0;
}

await main();
