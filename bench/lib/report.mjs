// The report: tables with ratios to the reference, machine and build information.

import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { DIST_SERVER, ENTRY_IN_DIST, ROOT, fail, sum } from './common.mjs';
import { readProc } from './processes.mjs';

// ---------------------------------------------------------------------------
// Report

export function fmt(value, digits = 1) {
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

export function fmtInt(value) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '-';
  }
  return Math.round(value).toLocaleString('en-US');
}

export function ratio(value, reference) {
  if (value === null || value === undefined || reference === null || reference === undefined || !(reference > 0)) {
    return '';
  }
  return ` (${(value / reference).toFixed(2)}×)`;
}

export function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    '| ' + cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ') + ' |';
  return [
    line(headers),
    '|' + widths.map((w, i) => (i < 2 ? ':' : '-') + '-'.repeat(w) + (i < 2 ? '-' : ':')).join('|') + '|',
    ...rows.map(line),
  ].join('\n');
}

export function render(report) {
  const { opts, machine, modes } = report;
  const ref = modes.reference && !modes.reference.error ? modes.reference : undefined;
  const out = [];
  out.push(
    `\nCorkboard SSE benchmark — ${opts.streams.toLocaleString('en-US')} streams, ${opts.users} users, ${opts.clients} generator processes, ` +
      `rate phase ${opts.events} events at ${opts.rate.toLocaleString('en-US')} deliveries/s offered, saturation ${opts.satEvents} events with ${opts.concurrency} in flight` +
      ((opts.boards ?? 1) > 1 ? `, writes over ${opts.boards} boards` : ''),
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
      connRows.push([mode, r.servers?.length ?? '-', 'ERROR', '-', '-', '-', '-', '-', '-', '-', '-']);
      continue;
    }
    const c = r.connect;
    const failures = Object.entries(c.failures)
      .map(([k, v]) => `${k}:${v}`)
      .join(' ');
    const refusals = Object.entries(c.refusals ?? {})
      .map(([k, v]) => `${k}:${v}`)
      .join(' ');
    const cpuPerConnect = (x) => (x?.opened > 0 ? x.serverCpuMs / x.opened : null);
    connRows.push([
      mode,
      r.servers.length,
      `${c.opened}/${c.requested}`,
      `${c.failed}${failures ? ` (${failures})` : ''}`,
      refusals || '0',
      `${fmt(c.connectAllMs / 1000)} s${mode === 'reference' ? '' : ratio(c.connectAllMs, ref?.connect.connectAllMs)}`,
      fmtInt(c.connectsPerSecond),
      `${fmt(cpuPerConnect(c), 2)}${mode === 'reference' ? '' : ratio(cpuPerConnect(c), cpuPerConnect(ref?.connect))}`,
      `${fmtInt(sum(r.memory.rssBeforeKb) / 1024)} → ${fmtInt(sum(r.memory.rssIdleKb) / 1024)} MB`,
      (r.memory.rssEarlyPerStreamKb ?? null) === null
        ? '-'
        : `${fmt(r.memory.rssEarlyPerStreamKb)} KB${mode === 'reference' ? '' : ratio(r.memory.rssEarlyPerStreamKb, ref?.memory.rssEarlyPerStreamKb)}`,
      `${fmt(r.memory.rssPerStreamKb)} KB${mode === 'reference' ? '' : ratio(r.memory.rssPerStreamKb, ref?.memory.rssPerStreamKb)}`,
    ]);
  }
  const settleS = Object.values(modes).find((r) => r.memory?.settleMs !== undefined)?.memory.settleMs / 1000;
  out.push(
    `Connections and idle memory (RSS of the pod(s): before opening streams → all streams open and idle${settleS ? ` for ${settleS} s` : ''}; "3 s after" is right after the connect storm; ` +
      '"refused, retried" = 503/429 answers, each tried again after max(backoff, Retry-After) as the app does; server CPU per connect = CPU of pods and Redis while opening / streams opened)',
  );
  out.push(
    table(
      [
        'mode',
        'pods',
        'opened',
        'failed',
        'refused, retried',
        'connect all',
        'connects/s',
        'server CPU ms / connect',
        'server RSS',
        'RSS / stream 3 s after',
        'RSS / idle stream',
      ],
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

/**
 * Redis CPU per event: the single redis-server of modes redis and cluster, each shard of
 * cluster-redis and their total, net of each process's idle use; and the p99 the cluster adds
 * to cross-pod delivery (cluster-redis against cluster, same clients and writes).
 *
 * A shard's CPU is divided by all the run's events, not by those it published: a write also
 * touches keys of other shards (its note, the writer's rate limit), so the shards' rows add up
 * to the total.
 */
export function renderRedis(report) {
  const { opts, modes } = report;
  const rows = [];
  for (const [mode, r] of Object.entries(modes)) {
    for (const phaseName of opts.phases) {
      const p = r.phases?.[phaseName];
      if (!p?.redisNodes?.length) {
        continue;
      }
      const events = p.published;
      const deliveries = p.received;
      const net = (node) => node.cpuMs - node.idleCpuMs;
      const per = (ms, count) => (count > 0 ? (ms * 1000) / count : null);
      const row = (label, publishedHere, cpuMs, replicaCpuMs) => [
        mode,
        phaseName,
        label,
        fmtInt(publishedHere),
        fmt(cpuMs),
        fmt(per(cpuMs, events)),
        fmt(per(cpuMs, deliveries), 2),
        replicaCpuMs === undefined ? '-' : fmt(replicaCpuMs),
        replicaCpuMs === undefined ? '-' : fmt(per(replicaCpuMs, events)),
      ];
      const single = p.redisNodes.find((node) => node.role === 'single');
      if (single) {
        rows.push(row(`single :${single.port}`, single.published, net(single)));
        continue;
      }
      const masters = p.redisNodes.filter((node) => node.role === 'master');
      const replicas = p.redisNodes.filter((node) => node.role === 'replica');
      masters.forEach((master, i) => {
        const own = replicas.filter((node) => node.masterPort === master.port);
        rows.push(row(`shard ${i + 1} :${master.port}`, master.published, net(master), sum(own.map(net))));
      });
      rows.push(row(`all ${masters.length} shards`, sum(masters.map((m) => m.published)), sum(masters.map(net)), sum(replicas.map(net))));
    }
  }
  if (rows.length === 0) {
    return '';
  }
  const out = [
    '\nRedis CPU per event: CPU of the process above its idle use, divided by all events (writes) and all deliveries ' +
      'of the phase; a shard = its master, its replica apart; "events here" = events whose channel the shard owns',
    table(['mode', 'phase', 'Redis', 'events here', 'CPU ms', 'µs/event', 'µs/delivery', 'replica CPU ms', 'replica µs/event'], rows),
  ];
  const single = modes.cluster;
  const sharded = modes['cluster-redis'];
  if (single?.phases && sharded?.phases) {
    const added = opts.phases.map((phaseName) => {
      const a = single.phases[phaseName]?.latencyMs;
      const b = sharded.phases[phaseName]?.latencyMs;
      if (!a || !b) {
        return `${phaseName}: -`;
      }
      const delta = b.p99 - a.p99;
      return `${phaseName} ${fmt(a.p99)} → ${fmt(b.p99)} ms (${delta >= 0 ? '+' : ''}${fmt(delta)} ms; p50 ${fmt(a.p50)} → ${fmt(b.p50)} ms)`;
    });
    out.push(`\nCross-pod p99, one Redis (cluster) → Redis Cluster (cluster-redis): ${added.join('; ')}`);
  }
  return out.join('\n');
}

/** The poll scenario: each mode's long-polling clients against its SSE streams, same clients, same writes. */
export function renderPollComparison(report) {
  const { opts, modes } = report;
  const out = [
    `\nLong poll against SSE — ${opts.streams.toLocaleString('en-US')} clients, wait ${opts.pollWaitS} s; ratio = poll / SSE ` +
      '(deliveries/s: above 1 is better; p99 and CPU per delivery: below 1 is better)',
  ];
  const rows = [];
  for (const mode of opts.modes) {
    const sse = modes[`${mode} sse`];
    const poll = modes[`${mode} poll`];
    for (const phaseName of opts.phases) {
      const a = sse?.phases?.[phaseName];
      const b = poll?.phases?.[phaseName];
      if (!a || !b) {
        rows.push([mode, phaseName, 'ERROR', '', '', '', '', '', '', '', '']);
        continue;
      }
      const quotient = (x, y) => (x > 0 && y !== null && y !== undefined ? (y / x).toFixed(2) : '-');
      rows.push([
        mode,
        phaseName,
        fmtInt(a.deliveriesPerSecond),
        fmtInt(b.deliveriesPerSecond),
        quotient(a.deliveriesPerSecond, b.deliveriesPerSecond),
        fmt(a.latencyMs.p99),
        fmt(b.latencyMs.p99),
        quotient(a.latencyMs.p99, b.latencyMs.p99),
        fmt(a.serverCpuUsPerDelivery, 2),
        fmt(b.serverCpuUsPerDelivery, 2),
        quotient(a.serverCpuUsPerDelivery, b.serverCpuUsPerDelivery),
        `${a.lost}/${a.duplicated} · ${b.lost}/${b.duplicated}`,
      ]);
    }
  }
  out.push(
    table(
      [
        'mode',
        'phase',
        'SSE deliveries/s',
        'poll deliveries/s',
        'ratio',
        'SSE p99 ms',
        'poll p99 ms',
        'ratio',
        'SSE CPU µs/delivery',
        'poll CPU µs/delivery',
        'ratio',
        'lost/dup SSE · poll',
      ],
      rows,
    ),
  );
  return out.join('\n');
}

// ---------------------------------------------------------------------------

export function machineInfo(needRedis, needRedisCli = false) {
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
  if (needRedisCli && spawnSync('redis-cli', ['--version'], { encoding: 'utf8' }).status !== 0) {
    fail('redis-cli is not installed or not on PATH (mode cluster-redis creates its cluster with it)');
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
export function buildInfo(needPod) {
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

// ---------------------------------------------------------------------------
// The storm scenario

/** One table per signal: the move, the events, what the storm costs B's own streams, B's CPU and memory. */
export function renderStorm(report) {
  const { opts, machine, modes } = report;
  const out = [
    `\nCorkboard storm — ${opts.streams.toLocaleString('en-US')} streams on ${opts.boards} boards (one board each), ${opts.users} users, ` +
      `two pods on one redis-server${opts.via === 'nginx' ? ', streams through nginx (plain HTTP/1.1)' : ''}, ${opts.writeRate} note PATCHes/s to pod B, before ${opts.beforeS} s, after ${opts.afterS} s` +
      `${opts.connectRate === undefined ? '' : `, SSE_CONNECT_RATE ${opts.connectRate}`}` +
      `${opts.connectBurst === undefined ? '' : `, SSE_CONNECT_BURST ${opts.connectBurst}`}`,
    `${machine.cpus} × ${machine.cpuModel}, ${machine.memGiB} GiB, Node ${machine.node}, ${machine.redis ?? 'redis: -'}, heartbeat ${opts.heartbeatMs} ms`,
  ];
  if (report.build) {
    out.push(
      `Build: commit ${report.build.commit}${report.build.backendDirty ? ' + uncommitted backend/contracts changes' : ''}, dist built ${report.build.distBuiltAt ?? '-'}; generator transport: ${opts.client}`,
    );
  }
  const lat = (l) => (l?.count ? `${fmt(l.p50)} / ${fmt(l.p99)} / ${fmt(l.max)}` : '-');
  const counts = (map) =>
    Object.entries(map ?? {})
      .map(([k, v]) => `${k}: ${fmtInt(v)}`)
      .join(', ') || '0';
  for (const [name, r] of Object.entries(modes)) {
    out.push(`\n${name}`);
    if (r.error && r.moved === undefined) {
      out.push(`ERROR ${r.error}`);
      continue;
    }
    const c = r.connect;
    const own = r.classes.own;
    const moved = r.classes.moved;
    const refused = r.refusals ?? {};
    const w = r.windows;
    // Resume times of streams that never resumed are Infinity, which JSON keeps as null.
    const s = (ms, never = '-') => (ms === null || ms === undefined ? never : Number.isFinite(ms) ? `${fmt(ms / 1000, 2)} s` : 'never');
    const never = r.neverResumed > 0 ? 'never' : '-';
    const rows = [
      [
        'streams opened first',
        `${fmtInt(c.opened)}/${fmtInt(c.requested)} in ${fmt(c.connectAllMs / 1000)} s (${fmtInt(c.connectsPerSecond)}/s); refused, retried: ${counts(c.refusals)}; failed: ${counts(c.failures)}`,
      ],
      [r.via === 'nginx' ? 'moved streams (dropped after the kill)' : 'moved streams (open on A at the kill)', fmtInt(r.moved)],
      [
        'resumed on B: 50 / 99 / 100 % after the kill',
        `${s(r.resumeMs.p50, never)} / ${s(r.resumeMs.p99, never)} / ${s(r.resumeMs.p100, never)}`,
      ],
      [
        'never resumed (connects that never made it)',
        `${fmtInt(r.neverResumed)}${r.stormTimedOut ? ` (gave up after ${opts.stormMaxS} s)` : ''}`,
      ],
      ['reconnect attempts', fmtInt(r.reconnectAttempts)],
      ['reconnect time, attempt → stream.ready: p50 / p99 / max ms', lat(r.reconnectMs)],
      [
        'kernel, storm: listen queue overflows / SYNs sent again / SYN cookies',
        w.storm.tcp
          ? `${fmtInt(w.storm.tcp.listenOverflows)} / ${fmtInt(w.storm.tcp.synRetransmits)} / ${fmtInt(w.storm.tcp.syncookiesSent)} (whole machine; a dropped SYN is sent again after 1, 2, 4… s)`
          : '-',
      ],
      [
        'refused 503 / 429 / other',
        `${fmtInt(refused['503'] ?? 0)} / ${fmtInt(refused['429'] ?? 0)} / ${fmtInt(refused.other ?? 0)}; no answer: ${counts(r.reconnectFailures)}`,
      ],
      ["B's own streams dropped", fmtInt(r.ownStreamsDropped)],
      [
        'lost / duplicated (every event from "before" on, every stream of its board)',
        `${fmtInt(r.delivery.lost)} / ${fmtInt(r.delivery.duplicated)} of ${fmtInt(sum(['before', 'storm', 'after'].map((k) => own[k].expected + moved[k].expected)))} deliveries` +
          `${r.delivery.lostOnNeverResumed ? `; ${fmtInt(r.delivery.lostOnNeverResumed)} more on never-resumed streams` : ''}`,
      ],
      ["B's own streams, latency before: p50 / p99 / max ms", lat(own.before.latencyMs)],
      [
        "B's own streams, storm (p99 storm/before, target ≤ 2×)",
        `${lat(own.storm.latencyMs)}${ratio(own.storm.latencyMs.p99, own.before.latencyMs.p99)}`,
      ],
      ["B's own streams, after", `${lat(own.after.latencyMs)}${ratio(own.after.latencyMs.p99, own.before.latencyMs.p99)}`],
      ['moved streams, before (on A)', lat(moved.before.latencyMs)],
      ['moved streams, storm (catch-up on resume included)', lat(moved.storm.latencyMs)],
      ['moved streams, after resuming', lat(moved.after.latencyMs)],
      [
        'writes sent late (writer held up) / writes: before · storm · after',
        ['before', 'storm', 'after'].map((k) => `${fmtInt(w[k].lateSends)} / ${fmtInt(w[k].writes)}`).join(' · '),
      ],
      [
        'PATCH to B, p50 / p99 ms: before · storm · after',
        ['before', 'storm', 'after']
          .map((k) => `${fmt(r.writes.postLatencyMs[k].p50)} / ${fmt(r.writes.postLatencyMs[k].p99)}`)
          .join(' · '),
      ],
      [
        "B's CPU per connect in the storm",
        `${fmt(r.podB.cpuMsPerConnect, 2)} ms (${fmt(r.podB.stormCpuMs)} ms in ${s(r.stormMs)} − ${fmt(r.podB.beforeCpuMsPerS / 10, 0)} % "before" rate, / ${fmtInt(r.podB.admittedInStorm)} admitted; refused apart: ${counts(r.podB.refusedInStorm)})`,
      ],
      [
        "B's RSS 3 s after the storm",
        `${fmtInt(r.podB.rssAfterStormKb / 1024)} MB = ${fmt(r.podB.rssPerStreamKb)} KB per stream held (${fmtInt(r.podB.streamsHeld)} streams; RSS over B's before any stream was opened)`,
      ],
      ...(r.podAExitMs === null || r.podAExitMs === undefined ? [] : [['pod A exited after the signal', s(r.podAExitMs)]]),
      ...(r.via === 'nginx'
        ? [['nginx CPU % of a core: before · storm · after', ['before', 'storm', 'after'].map((k) => fmt(w[k].nginxCpuPct, 0)).join(' · ')]]
        : []),
      [
        'CPU % of a core, B / A / Redis / other: before · storm · after',
        ['before', 'storm', 'after']
          .map(
            (k) =>
              `${fmt(w[k].podBCpuPct, 0)} / ${fmt(w[k].podACpuPct, 0)} / ${fmt(w[k].redisCpuPct, 0)} / ${fmt(w[k].foreignCpuPct, 0)}${w[k].foreignCpuPct > opts.quietPct ? ' !' : ''}`,
          )
          .join(' · '),
      ],
    ];
    out.push(table(['figure', 'value'], rows));
    if (r.error) {
      out.push(`ERROR ${r.error}`);
    }
  }
  out.push(
    `\nLatency = write due (open loop) → event parsed by the stream's client. Windows: "before" ${opts.beforeS} s up to the kill; "storm" from the kill until the last moved stream's new stream.ready; ` +
      `"after" ${opts.afterS} s from there. other = processes that are not the bench's (! = above ${opts.quietPct} %: figures disturbed).`,
  );
  return out.join('\n');
}
