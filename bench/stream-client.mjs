// Load generator child of bench/run.mjs: holds a slice of the SSE streams, one socket
// each (node:http, agent: false), parses the stream incrementally and cheaply, and
// measures fan-out latency from the send time the writer puts into each note's text
// (`bx:<phase>:<seq>:<sendTimeMs>`). Talks to the parent over the fork IPC channel only.
// With `poll` (the poll scenario) each "stream" is a client looping on GET /api/events/poll
// over one keep-alive socket, passing back the cursor; latency counts to the answer's arrival.
//
// Only Node built-ins. Exits as soon as the parent goes away.

import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { Histogram } from './hist.mjs';

const now = () => performance.timeOrigin + performance.now();
const MARK = '"text":"bx:';
const READY = 'event: stream.ready';

/** @type {Array<{index:number, req:any, res:any, buf:string, ready:boolean, open:boolean, closedReason?:string}>} */
let streams = [];
let phase = null;
let cpuMark = process.cpuUsage();
const closeReasons = new Map();

function send(message) {
  if (process.connected) {
    process.send(message);
  }
}

function cpuSince(mark) {
  const d = process.cpuUsage(mark);
  return { userMs: d.user / 1000, systemMs: d.system / 1000 };
}

function count(map, key) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

// ---------------------------------------------------------------------------
// Parsing: only complete blocks (up to the last blank line) are scanned, for the
// ready marker until it is seen, then for the bench marker in note texts.

function onData(stream, chunk) {
  const t = now();
  if (phase !== null) {
    phase.bytes += chunk.length;
  }
  let text = stream.buf.length > 0 ? stream.buf + chunk : chunk;
  const end = text.lastIndexOf('\n\n');
  if (end < 0) {
    stream.buf = text;
    return;
  }
  if (end + 2 === text.length) {
    stream.buf = '';
  } else {
    stream.buf = text.slice(end + 2);
    text = text.slice(0, end + 2);
  }
  if (!stream.ready) {
    if (text.includes(READY)) {
      stream.ready = true;
      stream.onReady?.(t);
    }
  }
  scanMarks(stream, text, t);
}

/** Records every bench note in `text` (SSE blocks or a poll's JSON answer: the note JSON is the same). */
function scanMarks(stream, text, t) {
  let at = text.indexOf(MARK);
  while (at >= 0) {
    const p0 = at + MARK.length;
    const p1 = text.indexOf(':', p0);
    const p2 = text.indexOf(':', p1 + 1);
    const p3 = text.indexOf('"', p2 + 1);
    if (p1 < 0 || p2 < 0 || p3 < 0) {
      break;
    }
    record(stream, Number(text.slice(p0, p1)), Number(text.slice(p1 + 1, p2)), Number(text.slice(p2 + 1, p3)), t);
    at = text.indexOf(MARK, p3);
  }
}

function record(stream, phaseId, seq, sentAt, t) {
  const ph = phase;
  if (ph === null || phaseId !== ph.id || !(seq >= 0 && seq < ph.m)) {
    if (ph !== null) {
      ph.stale++;
    }
    return;
  }
  const slot = stream.index * ph.m + seq;
  const seen = ph.counts[slot];
  if (seen === 0) {
    ph.received++;
    const latency = t - sentAt;
    ph.hist.add(latency);
    if (latency > ph.seqMax[seq]) {
      ph.seqMax[seq] = latency;
    }
    if (ph.seqFirst[seq] === 0 || latency < ph.seqFirst[seq]) {
      ph.seqFirst[seq] = latency;
    }
    if (t < ph.first) {
      ph.first = t;
    }
    if (t > ph.last) {
      ph.last = t;
    }
  } else {
    ph.dup++;
  }
  if (seen < 255) {
    ph.counts[slot] = seen + 1;
  }
}

// ---------------------------------------------------------------------------
// Opening. Two transports: `net` (default) writes the GET itself and decodes the
// status line, headers and chunked body by hand, which costs the generator about half
// the CPU of `http` (node:http, agent: false); both give the same figures otherwise.

function openOne(spec, index, timeoutMs) {
  // Global stream g: pod g % pods, user (g / pods) % users, so each pod gets every user alike.
  const g = spec.first + index;
  const target = spec.pods[g % spec.pods.length];
  const token = spec.tokens[Math.floor(g / spec.pods.length) % spec.tokens.length];
  const stream = { index, req: null, res: null, buf: '', ready: false, open: false };
  streams[index] = stream;
  return new Promise((resolve) => {
    let settled = false;
    const started = now();
    const settle = (ok, reason) => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (!ok) {
        stream.open = false;
        stream.req?.destroy();
      }
      resolve({ ok, reason, ms: now() - started });
    };
    const timer = setTimeout(() => settle(false, 'timeout'), timeoutMs);
    stream.onReady = () => {
      stream.open = true;
      settle(true);
    };
    if (spec.poll) {
      openPoll(stream, target, spec, token, settle);
    } else if (spec.transport === 'http') {
      openHttp(stream, target, spec.path, token, settle, () => settled);
    } else {
      openNet(stream, target, spec.path, token, settle, () => settled);
    }
  });
}

function openHttp(stream, target, path, token, settle, isSettled) {
  const req = http.get({
    host: target.host,
    port: target.port,
    path,
    agent: false,
    headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
  });
  stream.req = req;
  req.on('response', (res) => {
    if (res.statusCode !== 200) {
      res.resume();
      settle(false, `http_${res.statusCode}`);
      return;
    }
    stream.res = res;
    res.setEncoding('latin1');
    res.on('data', (chunk) => onData(stream, chunk));
    res.on('end', () => closed(stream, 'server_end'));
    res.on('error', (error) => closed(stream, error.code ?? 'res_error'));
    res.on('close', () => closed(stream, 'closed'));
  });
  req.on('error', (error) => {
    if (!isSettled()) {
      settle(false, error.code ?? error.message);
    } else {
      closed(stream, error.code ?? 'req_error');
    }
  });
}

/** One socket per polling client, kept alive from poll to poll as a browser would. */
const pollAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: Infinity, scheduling: 'fifo' });
const CURSOR_MARK = '"cursor":"';

/**
 * A client looping on the long poll: the first poll (wait=0) only fetches the cursor and
 * counts as "ready"; then each answer's cursor goes into the next poll at once.
 */
function openPoll(stream, target, spec, token, settle) {
  let cursor = '';
  const once = (wait) => {
    if (closingAll || (stream.ready && !stream.open)) {
      return;
    }
    const path = `${spec.path}&wait=${wait}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const req = http.get({ host: target.host, port: target.port, path, agent: pollAgent, headers: { authorization: `Bearer ${token}` } });
    stream.req = req;
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return stream.ready ? closed(stream, `http_${res.statusCode}`) : settle(false, `http_${res.statusCode}`);
      }
      res.setEncoding('latin1');
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
        if (phase !== null) {
          phase.bytes += chunk.length;
        }
      });
      res.on('end', () => {
        const t = now();
        const at = body.lastIndexOf(CURSOR_MARK);
        if (at < 0) {
          return closed(stream, 'bad_poll_answer');
        }
        cursor = body.slice(at + CURSOR_MARK.length, body.indexOf('"', at + CURSOR_MARK.length));
        if (body.includes('"type":"stream.closing"')) {
          return closed(stream, 'stream.closing');
        }
        scanMarks(stream, body, t);
        if (!stream.ready) {
          stream.ready = true;
          stream.onReady?.(t);
        }
        once(spec.pollWaitS);
      });
      res.on('error', (error) => closed(stream, error.code ?? 'res_error'));
    });
    req.on('error', (error) => (stream.ready ? closed(stream, error.code ?? 'req_error') : settle(false, error.code ?? error.message)));
  };
  once(0);
}

function openNet(stream, target, path, token, settle, isSettled) {
  const socket = net.connect({ host: target.host, port: target.port });
  stream.req = socket;
  socket.setEncoding('latin1'); // one char per byte: chunk sizes can be counted in characters
  const state = { head: '', inBody: false, chunked: false, remaining: 0, skip: 0, line: '' };
  socket.on('connect', () => {
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: ${target.host}:${target.port}\r\nAccept: text/event-stream\r\n` +
        `Authorization: Bearer ${token}\r\nConnection: keep-alive\r\n\r\n`,
    );
  });
  socket.on('data', (data) => {
    if (state.inBody) {
      return body(data);
    }
    state.head += data;
    const end = state.head.indexOf('\r\n\r\n');
    if (end < 0) {
      if (state.head.length > 65536) {
        settle(false, 'bad_response_head');
      }
      return;
    }
    const head = state.head.slice(0, end);
    const rest = state.head.slice(end + 4);
    state.head = '';
    const status = Number(head.slice(9, 12));
    if (!head.startsWith('HTTP/1.') || status !== 200) {
      settle(false, `http_${status || 'bad'}`);
      return;
    }
    state.inBody = true;
    state.chunked = /\r\ntransfer-encoding:[ \t]*chunked/i.test(head);
    if (rest.length > 0) {
      body(rest);
    }
  });
  // Chunked transfer coding: `<hex size>[;ext]\r\n<data>\r\n` … `0\r\n\r\n`.
  const body = (data) => {
    if (!state.chunked) {
      return onData(stream, data);
    }
    let out = '';
    let i = 0;
    const n = data.length;
    while (i < n) {
      if (state.skip > 0) {
        const k = Math.min(state.skip, n - i);
        i += k;
        state.skip -= k;
      } else if (state.remaining > 0) {
        const k = Math.min(state.remaining, n - i);
        out += k === n && i === 0 ? data : data.slice(i, i + k);
        i += k;
        state.remaining -= k;
        if (state.remaining === 0) {
          state.skip = 2;
        }
      } else {
        const eol = data.indexOf('\r\n', i);
        if (eol < 0) {
          state.line += data.slice(i);
          break;
        }
        const line = state.line + data.slice(i, eol);
        state.line = '';
        i = eol + 2;
        const size = parseInt(line, 16);
        if (size === 0) {
          if (out) {
            onData(stream, out);
          }
          out = '';
          closed(stream, 'server_end');
          socket.end();
          return;
        }
        if (!(size > 0)) {
          closed(stream, 'bad_chunk');
          socket.destroy();
          return;
        }
        state.remaining = size;
      }
    }
    if (out) {
      onData(stream, out);
    }
  };
  socket.on('end', () => closed(stream, 'server_end'));
  socket.on('close', () => {
    if (!isSettled()) {
      settle(false, 'closed_before_ready');
    } else {
      closed(stream, 'closed');
    }
  });
  socket.on('error', (error) => {
    if (!isSettled()) {
      settle(false, error.code ?? error.message);
    } else {
      closed(stream, error.code ?? 'socket_error');
    }
  });
}

function closed(stream, reason) {
  if (!stream.open) {
    return;
  }
  stream.open = false;
  stream.closedReason = reason;
  if (!closingAll) {
    count(closeReasons, reason);
  }
}

let closingAll = false;

async function openAll({ pods, tokens, path, first, count: n, concurrency, timeoutMs, deadline, transport, poll, pollWaitS }) {
  streams = new Array(n);
  const spec = { pods, tokens, path, first, transport, poll, pollWaitS };
  const cpu = process.cpuUsage();
  const started = now();
  const failures = new Map();
  let ok = 0;
  let lastReady = started;
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      if (now() > deadline) {
        streams[i] = { index: i, req: null, res: null, buf: '', ready: false, open: false };
        count(failures, 'not_attempted_deadline');
        continue;
      }
      const result = await openOne(spec, i, Math.min(timeoutMs, Math.max(1000, deadline - now())));
      if (result.ok) {
        ok++;
        lastReady = now();
      } else {
        count(failures, result.reason);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return {
    type: 'opened',
    requested: n,
    ok,
    failed: n - ok,
    failures: Object.fromEntries(failures),
    startedAt: started,
    lastReadyAt: lastReady,
    cpu: cpuSince(cpu),
  };
}

// ---------------------------------------------------------------------------

function openCount() {
  let n = 0;
  for (const s of streams) {
    if (s?.open) {
      n++;
    }
  }
  return n;
}

function startPhase({ id, m }) {
  const openAtStart = new Uint8Array(streams.length);
  streams.forEach((s, i) => (openAtStart[i] = s?.open ? 1 : 0));
  phase = {
    id,
    m,
    counts: new Uint8Array(streams.length * m),
    openAtStart,
    hist: new Histogram(),
    seqMax: new Float64Array(m),
    seqFirst: new Float64Array(m),
    received: 0,
    dup: 0,
    stale: 0,
    bytes: 0,
    first: Infinity,
    last: -Infinity,
    cpu: process.cpuUsage(),
  };
  return { type: 'phaseStarted', id, streams: openAtStart.reduce((a, b) => a + b, 0) };
}

function reportPhase() {
  const ph = phase;
  // Per sequence number: streams that never got it, split by whether the stream is still open.
  const missingOpen = new Array(ph.m).fill(0);
  const missingDropped = new Array(ph.m).fill(0);
  let streamsDropped = 0;
  for (let i = 0; i < streams.length; i++) {
    if (!ph.openAtStart[i]) {
      continue;
    }
    const stillOpen = streams[i].open;
    if (!stillOpen) {
      streamsDropped++;
    }
    const base = i * ph.m;
    for (let seq = 0; seq < ph.m; seq++) {
      if (ph.counts[base + seq] === 0) {
        if (stillOpen) {
          missingOpen[seq]++;
        } else {
          missingDropped[seq]++;
        }
      }
    }
  }
  const report = {
    type: 'phaseReport',
    id: ph.id,
    received: ph.received,
    dup: ph.dup,
    stale: ph.stale,
    bytes: ph.bytes,
    first: ph.first,
    last: ph.last,
    hist: ph.hist.toJSON(),
    seqMax: Array.from(ph.seqMax, (v) => Math.round(v * 100) / 100),
    seqFirst: Array.from(ph.seqFirst, (v) => Math.round(v * 100) / 100),
    missingOpen,
    missingDropped,
    streamsAtStart: ph.openAtStart.reduce((a, b) => a + b, 0),
    streamsDropped,
    closeReasons: Object.fromEntries(closeReasons),
    cpu: cpuSince(ph.cpu),
    rssKb: Math.round(process.memoryUsage.rss() / 1024),
  };
  phase = null;
  return report;
}

process.on('message', async (message) => {
  try {
    switch (message.cmd) {
      case 'open':
        send(await openAll(message));
        break;
      case 'status':
        send({
          type: 'status',
          open: openCount(),
          closeReasons: Object.fromEntries(closeReasons),
          cpu: cpuSince(cpuMark),
          rssKb: Math.round(process.memoryUsage.rss() / 1024),
        });
        cpuMark = process.cpuUsage();
        break;
      case 'phase':
        send(startPhase(message));
        break;
      case 'progress':
        send({ type: 'progress', received: phase?.received ?? 0, dup: phase?.dup ?? 0, open: openCount() });
        break;
      case 'report':
        send(reportPhase());
        break;
      case 'close':
        closingAll = true;
        for (const s of streams) {
          s?.req?.destroy();
        }
        send({ type: 'closed' });
        setTimeout(() => process.exit(0), 50);
        break;
      default:
        send({ type: 'error', message: `unknown command ${message.cmd}` });
    }
  } catch (error) {
    send({ type: 'error', message: error?.stack ?? String(error) });
  }
});

process.on('disconnect', () => process.exit(0));
send({ type: 'hello', pid: process.pid, clockSkewMs: Date.now() - now() });
