// The command line: flags, defaults and their checks.

import path from 'node:path';
import { existsSync } from 'node:fs';
import { ALL_MODES, ALL_PHASES, DEFAULT_MODES, fail } from './common.mjs';

// ---------------------------------------------------------------------------
// Flags

// A stream asks for at most 32 channels (MAX_CHANNELS_PER_STREAM of the events module).
const MAX_BOARDS = 32;

export const HELP = `Usage: npm run bench -- [flags]      (or: node bench/run.mjs [flags])

  --scenario NAME         fanout (default): every mode's SSE fan-out, with ratios to the
                          reference; poll: for each mode (default: memory), the same clients
                          and writes once as SSE streams and once as long-polling clients
                          (GET /api/events/poll, passing back the cursor), reported as ratios
                          poll / SSE (deliveries/s, p99, server CPU per delivery)
  --poll-wait S           the poll scenario's \`wait\` (default 25)
  --modes LIST            reference,memory,redis,cluster,cluster-redis, run in this order
                          (default: all but cluster-redis); cluster-redis = two pods on a
                          local Redis Cluster (3 masters, 1 replica each; needs redis-cli),
                          Redis CPU reported per shard beside the single Redis of mode cluster
  --boards N              boards the writes go round robin over; every stream watches all of
                          them, so each write still reaches every stream (default 1, or 12
                          when the modes include cluster-redis: one board is one channel,
                          which lives on one shard)
  --streams N             SSE streams to open, or polling clients in the poll scenario (default 5000)
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
  --connect-rate N        SSE_CONNECT_RATE of the pods: stream connects admitted per second
                          (token bucket; 0 turns the check off; default: the pod's own in the
                          storm scenario, 0 in the others, which measure what a connect costs).
                          Every scenario retries a connect refused with 503 or 429
                          as the app does, after max(backoff, Retry-After), and counts it
  --connect-burst N       SSE_CONNECT_BURST of the pods: connects admitted at once after a
                          quiet spell (default: unset, the pod's own default)
  --out FILE              result JSON (default bench/results/<timestamp>.json)
  --render FILE           print the tables of an earlier result JSON and exit
  --help

Storm (--scenario storm): one redis-server, pods A and B, --streams (default 10,000) on
--boards (default 100) boards, one board per stream, half of each board's streams on each
pod; a steady writer PATCHes notes on pod B round robin over the boards. After a warm-up
(--warmup-s, default 5, not reported) and the "before" window, pod A is killed; its clients
reconnect to B as the app does (backoff with jitter, the \`retry:\` of a clean stream.closing,
Retry-After of a 503/429) with their last SSE id as Last-Event-ID. "storm" runs from the kill
until every moved stream got its new stream.ready, then "after", then a drain (as --stall-ms).
Reported per signal: resume times (50/99/100 %), reconnect attempts and refusals, lost and
duplicated events (every event from "before" on, at every stream of its board, exactly once),
latency of B's own streams per window (storm/before ratio) and of the moved ones, B's CPU per
connect in the storm (net of its "before" CPU rate), B's RSS 3 s after the storm per stream.
  --kill SIGNAL           SIGKILL, SIGTERM or both (default both: one whole run per signal,
                          fresh servers each)
  --write-rate N          note PATCHes per second, open loop (default 50)
  --warmup-s S            writes flowing before "before" starts (default 5)
  --before-s S            the "before" window (default 10)
  --after-s S             the "after" window (default 10)
  --storm-max-s S         longest wait for the moved streams to resume (default 120); those
                          still out count as never made it
  --via direct|nginx      nginx: the streams go through nginx in front of both pods
                          (deploy/nginx/corkboard.conf.template, plain HTTP/1.1 instead of
                          TLS + HTTP/2; needs /usr/sbin/nginx); nginx decides which pod holds
                          a stream, so the moved streams are those that drop after the kill.
                          The writer still writes to pod B directly (default direct)
`;

export function parseArgs(argv) {
  const opts = {
    modes: DEFAULT_MODES,
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
    boards: undefined,
    client: 'net',
    writers: 8,
    scenario: 'fanout',
    pollWaitS: 25,
    connectRate: undefined,
    connectBurst: undefined,
    kill: ['SIGKILL', 'SIGTERM'],
    writeRate: 50,
    warmupS: 5,
    beforeS: 10,
    afterS: 10,
    stormMaxS: 120,
    via: 'direct',
  };
  const given = new Set();
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
    '--poll-wait': 'pollWaitS',
    '--boards': 'boards',
    '--connect-rate': 'connectRate',
    '--connect-burst': 'connectBurst',
    '--write-rate': 'writeRate',
    '--warmup-s': 'warmupS',
    '--before-s': 'beforeS',
    '--after-s': 'afterS',
    '--storm-max-s': 'stormMaxS',
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
    } else if (flag === '--scenario') {
      opts.scenario = takeValue();
      if (!['fanout', 'poll', 'storm'].includes(opts.scenario)) {
        fail('--scenario must be fanout, poll or storm');
      }
    } else if (flag === '--via') {
      opts.via = takeValue();
      if (!['direct', 'nginx'].includes(opts.via)) {
        fail('--via must be direct or nginx');
      }
    } else if (flag === '--kill') {
      const signal = takeValue();
      if (!['SIGKILL', 'SIGTERM', 'both'].includes(signal)) {
        fail('--kill must be SIGKILL, SIGTERM or both');
      }
      opts.kill = signal === 'both' ? ['SIGKILL', 'SIGTERM'] : [signal];
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
      given.add('--modes');
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
      const min = ['--retries', '--quiet-wait-s', '--quiet-pct', '--settle-ms', '--connect-rate', '--warmup-s'].includes(flag) ? 0 : 1;
      if (!/^\d+$/.test(raw) || Number(raw) < min) {
        fail(`${flag} must be a whole number ≥ ${min} (got "${raw}")`);
      }
      opts[ints[flag]] = Number(raw);
      given.add(flag);
    } else {
      fail(`unknown flag "${argv[i]}"\n\n${HELP}`);
    }
  }
  opts.satEvents ??= opts.events;
  if (opts.scenario === 'storm') {
    // Its own setup (one Redis, two pods), and each stream watches one board: no 32-board cap.
    if (given.has('--modes')) {
      fail('the storm scenario has its own setup (one redis-server, two pods): leave out --modes');
    }
    opts.modes = ['cluster'];
    opts.boards ??= 100;
    if (!given.has('--streams')) {
      opts.streams = 10000;
    }
    if (opts.via === 'nginx' && !existsSync('/usr/sbin/nginx')) {
      fail('--via nginx needs /usr/sbin/nginx (Debian: apt-get install -y nginx-light)');
    }
    if (opts.boards > opts.streams) {
      fail('--boards must not exceed --streams: every board needs streams');
    }
  }
  opts.boards ??= opts.modes.includes('cluster-redis') ? 12 : 1;
  if (opts.scenario !== 'storm' && opts.boards > MAX_BOARDS) {
    fail(`at most ${MAX_BOARDS} boards: every stream watches all of them, and a stream carries at most 32 channels`);
  }
  if (opts.scenario === 'poll') {
    // The reference server has no poll; without --modes the poll scenario measures the embedded pod.
    opts.modes = opts.modes === DEFAULT_MODES ? ['memory'] : opts.modes.filter((mode) => mode !== 'reference');
    if (opts.modes.length === 0 || opts.pollWaitS > 30) {
      fail('the poll scenario needs a pod mode (memory, redis, cluster, cluster-redis) and --poll-wait of at most 30');
    }
  }
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
