// Load generator child of bench/run.mjs: holds a slice of the SSE streams, one socket
// each (node:http, agent: false), parses the stream incrementally and cheaply, and
// measures fan-out latency from the send time the writer puts into each note's text
// (`bx:<phase>:<seq>:<sendTimeMs>`). Talks to the parent over the fork IPC channel only.
// With `poll` (the poll scenario) each "stream" is a client looping on GET /api/events/poll
// over one keep-alive socket, passing back the cursor; latency counts to the answer's arrival.
//
// A connect refused with 503 or 429 is tried again the way the app does (backoff.ts,
// transport-policy.ts answerFailure): after max(backoffDelay(attempt), Retry-After), and the
// refusal is counted by status. With `resume` (the storm scenario) every stream keeps its last
// SSE id and, when its connection drops, reconnects to the survivor pod with it as
// Last-Event-ID: after backoffDelay(attempt), or after a clean stream.closing max(that, the
// last `retry:` the server sent).
//
// Only Node built-ins. Exits as soon as the parent goes away.

import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { Histogram } from './hist.mjs';

const now = () => performance.timeOrigin + performance.now();
const MARK = '"text":"bx:';
const READY = 'event: stream.ready';
const CLOSING = 'event: stream.closing';
const ID_LINE = '\nid: ';
const RETRY_LINE = '\nretry: ';

// The app's reconnect delay (frontend/src/app/realtime/backoff.ts): 1 s doubling to 30 s, minus up to 30 % jitter.
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 30000;
const BACKOFF_JITTER = 0.3;
function backoffDelay(attempt) {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (1 - BACKOFF_JITTER * Math.random()));
}
/** frontend/src/app/realtime/backoff.ts firstReconnectDelay: the first reconnect after a drop, 0.5–2 s. */
function firstReconnectDelay() {
  return Math.round(2000 - 1500 * Math.random());
}
/** Seconds or an HTTP date, as the app reads it; undefined when absent or unreadable. */
function parseRetryAfter(value) {
  if (!value) {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}
/** Answers the app retries after a delay rather than giving up on. */
const RETRIED_STATUSES = new Set([429, 503]);

/** @type {Array<{index:number, req:any, res:any, buf:string, ready:boolean, open:boolean, closedReason?:string}>} */
let streams = [];
let phase = null;
let cpuMark = process.cpuUsage();
const closeReasons = new Map();
/** The open command's spec, kept for reconnects. */
let openSpec = null;
/** Reconnects after a dropped stream (storm): attempts, refusals by status, and the kill they follow. */
const resumeStats = {
  attempts: 0,
  admitted: 0,
  resumed: 0,
  moved: 0,
  ownDropped: 0,
  lastResumedAt: 0,
  // Reconnect attempt → stream.ready, for the attempts that got in.
  connectMs: new Histogram(),
  refusals: new Map(),
  failures: new Map(),
  killedPod: -1,
};

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
  if (stream.tracksId) {
    const at = text.lastIndexOf(ID_LINE);
    if (at >= 0) {
      stream.lastId = text.slice(at + ID_LINE.length, text.indexOf('\n', at + ID_LINE.length));
    }
    // As EventSource and the app do, the last `retry:` of any frame is the hint, kept across connections.
    const retry = text.lastIndexOf(RETRY_LINE);
    if (retry >= 0) {
      stream.retryHintMs = Number(text.slice(retry + RETRY_LINE.length, text.indexOf('\n', retry + RETRY_LINE.length)));
    }
    if (text.includes(CLOSING)) {
      stream.sawClosing = true;
    }
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
  let slot = stream.index * ph.m + seq;
  if (ph.boards) {
    // Storm: a stream watches one board and gets only its writes, every boards-th sequence number.
    if (seq % ph.boards !== stream.board) {
      ph.stale++;
      return;
    }
    slot = stream.index * ph.perBoard + Math.floor(seq / ph.boards);
  }
  const seen = ph.counts[slot];
  if (seen === 0) {
    ph.received++;
    const latency = t - sentAt;
    if (ph.latency) {
      ph.latency[slot] = latency;
    } else {
      ph.hist.add(latency);
    }
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

/**
 * Where global stream g goes. Fan-out: pod g % pods, user (g / pods) % users, so each pod gets
 * every user alike. Storm (`boardPaths`): one board each, board g % boards, pod
 * (g / boards) % pods, so every board has streams on every pod.
 */
function planStream(spec, index) {
  const g = spec.first + index;
  const pods = spec.pods.length;
  const boards = spec.boardPaths?.length;
  const board = boards ? g % boards : -1;
  return {
    index,
    req: null,
    res: null,
    buf: '',
    ready: false,
    open: false,
    board,
    home: boards ? Math.floor(g / boards) % pods : g % pods,
    path: boards ? spec.boardPaths[board] : spec.path,
    token: spec.tokens[Math.floor(g / pods) % spec.tokens.length],
    tracksId: Boolean(spec.resume),
    lastId: undefined,
    retryHintMs: undefined,
    sawClosing: false,
    // Each connection attempt gets a new generation, so a late event of an old socket is ignored.
    generation: 0,
    failures: 0,
    moved: false,
    readyAt: 0,
    resumedAt: 0,
  };
}

/**
 * One connection attempt: settles once its stream.ready arrived (ok) or the attempt failed
 * (reason, and for an HTTP refusal its status and Retry-After in ms).
 */
function connect(stream, target, timeoutMs) {
  const generation = ++stream.generation;
  stream.ready = false;
  stream.buf = '';
  stream.sawClosing = false;
  return new Promise((resolve) => {
    let settled = false;
    const started = now();
    const settle = (ok, reason, status, retryAfterMs) => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (!ok) {
        stream.open = false;
        stream.req?.destroy();
      }
      resolve({ ok, reason, status, retryAfterMs, ms: now() - started });
    };
    const timer = setTimeout(() => settle(false, 'timeout'), timeoutMs);
    stream.onReady = (t) => {
      stream.open = true;
      stream.readyAt = t;
      settle(true);
    };
    const conn = {
      target,
      path: stream.path,
      token: stream.token,
      lastId: stream.lastId,
      settle,
      isSettled: () => settled,
      onClosed: (reason) => closed(stream, reason, generation),
    };
    if (openSpec.poll) {
      openPoll(stream, conn, openSpec);
    } else if (openSpec.transport === 'http') {
      openHttp(stream, conn);
    } else {
      openNet(stream, conn);
    }
  });
}

function openHttp(stream, { target, path, token, lastId, settle, isSettled, onClosed }) {
  const headers = { accept: 'text/event-stream', authorization: `Bearer ${token}` };
  if (lastId !== undefined) {
    headers['last-event-id'] = lastId;
  }
  const req = http.get({ host: target.host, port: target.port, path, agent: false, headers });
  stream.req = req;
  req.on('response', (res) => {
    if (res.statusCode !== 200) {
      res.resume();
      settle(false, `http_${res.statusCode}`, res.statusCode, parseRetryAfter(res.headers['retry-after']));
      return;
    }
    stream.res = res;
    res.setEncoding('latin1');
    res.on('data', (chunk) => onData(stream, chunk));
    res.on('end', () => onClosed('server_end'));
    res.on('error', (error) => onClosed(error.code ?? 'res_error'));
    res.on('close', () => onClosed('closed'));
  });
  req.on('error', (error) => {
    if (!isSettled()) {
      settle(false, error.code ?? error.message);
    } else {
      onClosed(error.code ?? 'req_error');
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
function openPoll(stream, { target, path: basePath, token, settle, onClosed }, spec) {
  let cursor = '';
  const once = (wait) => {
    if (closingAll || (stream.ready && !stream.open)) {
      return;
    }
    const path = `${basePath}&wait=${wait}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const req = http.get({ host: target.host, port: target.port, path, agent: pollAgent, headers: { authorization: `Bearer ${token}` } });
    stream.req = req;
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return stream.ready
          ? onClosed(`http_${res.statusCode}`)
          : settle(false, `http_${res.statusCode}`, res.statusCode, parseRetryAfter(res.headers['retry-after']));
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
          return onClosed('bad_poll_answer');
        }
        cursor = body.slice(at + CURSOR_MARK.length, body.indexOf('"', at + CURSOR_MARK.length));
        if (body.includes('"type":"stream.closing"')) {
          return onClosed('stream.closing');
        }
        scanMarks(stream, body, t);
        if (!stream.ready) {
          stream.ready = true;
          stream.onReady?.(t);
        }
        once(spec.pollWaitS);
      });
      res.on('error', (error) => onClosed(error.code ?? 'res_error'));
    });
    req.on('error', (error) => (stream.ready ? onClosed(error.code ?? 'req_error') : settle(false, error.code ?? error.message)));
  };
  once(0);
}

function openNet(stream, { target, path, token, lastId, settle, isSettled, onClosed }) {
  const socket = net.connect({ host: target.host, port: target.port });
  stream.req = socket;
  socket.setEncoding('latin1'); // one char per byte: chunk sizes can be counted in characters
  const state = { head: '', inBody: false, chunked: false, remaining: 0, skip: 0, line: '' };
  socket.on('connect', () => {
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: ${target.host}:${target.port}\r\nAccept: text/event-stream\r\n` +
        `Authorization: Bearer ${token}\r\n${lastId === undefined ? '' : `Last-Event-ID: ${lastId}\r\n`}Connection: keep-alive\r\n\r\n`,
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
      settle(false, `http_${status || 'bad'}`, status || undefined, parseRetryAfter(/\r\nretry-after:[ \t]*([^\r\n]*)/i.exec(head)?.[1]));
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
          onClosed('server_end');
          socket.end();
          return;
        }
        if (!(size > 0)) {
          onClosed('bad_chunk');
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
  socket.on('end', () => onClosed('server_end'));
  socket.on('close', () => {
    if (!isSettled()) {
      settle(false, 'closed_before_ready');
    } else {
      onClosed('closed');
    }
  });
  socket.on('error', (error) => {
    if (!isSettled()) {
      settle(false, error.code ?? error.message);
    } else {
      onClosed(error.code ?? 'socket_error');
    }
  });
}

function closed(stream, reason, generation) {
  if (!stream.open || generation !== stream.generation) {
    return;
  }
  stream.open = false;
  stream.closedReason = reason;
  if (closingAll) {
    return;
  }
  count(closeReasons, reason);
  if (openSpec.resume) {
    if (resumeStats.dynamic && !stream.moved) {
      stream.moved = true;
      resumeStats.moved++;
    } else if (!stream.moved) {
      resumeStats.ownDropped++;
    }
    // After a clean stream.closing (a pod draining) the server's `retry:` spreads the comeback; a drop has none.
    retryLater(stream, stream.sawClosing ? stream.retryHintMs : undefined);
  }
}

/** The app's answer to a failure: attempt n waits backoffDelay(n - 1), or longer if the server asked. */
function retryLater(stream, serverDelayMs) {
  stream.failures++;
  // The app's transport-policy: a first drop without a word waits firstReconnectDelay, a clean end the backoff or the hint.
  const base = stream.failures === 1 && serverDelayMs === undefined ? firstReconnectDelay() : backoffDelay(stream.failures - 1);
  const delay = Math.max(base, serverDelayMs ?? 0);
  setTimeout(() => void reconnect(stream), delay);
}

/** A dropped stream comes back on the survivor (a load balancer would send it there), with its cursor. */
async function reconnect(stream) {
  if (closingAll) {
    return;
  }
  resumeStats.attempts++;
  const result = await connect(stream, openSpec.pods[openSpec.resume.failover], openSpec.resume.timeoutMs ?? openSpec.timeoutMs);
  if (closingAll) {
    return;
  }
  if (result.ok) {
    stream.failures = 0;
    resumeStats.admitted++;
    resumeStats.connectMs.add(result.ms);
    if (stream.moved && !stream.resumedAt) {
      stream.resumedAt = stream.readyAt;
      resumeStats.resumed++;
      resumeStats.lastResumedAt = Math.max(resumeStats.lastResumedAt, stream.resumedAt);
    }
    return;
  }
  if (result.status) {
    count(resumeStats.refusals, RETRIED_STATUSES.has(result.status) ? String(result.status) : 'other');
  } else {
    count(resumeStats.failures, result.reason);
  }
  retryLater(stream, result.retryAfterMs);
}

let closingAll = false;

/**
 * Opens streams `first`…`first + count - 1`, `concurrency` connects in flight. A connect refused
 * with 503 or 429 is tried again after max(backoffDelay(attempt), Retry-After), as the app does,
 * and counted by status; the others count as failed.
 */
async function openAll(spec) {
  const { count: n, concurrency, timeoutMs, deadline } = spec;
  openSpec = spec;
  streams = new Array(n);
  const cpu = process.cpuUsage();
  const started = now();
  const failures = new Map();
  const refusals = new Map();
  let ok = 0;
  let lastReady = started;
  let next = 0;
  const due = []; // refused streams whose retry is due
  let waiting = 0; // refused streams still waiting for their retry
  const sleepers = [];
  const worker = async () => {
    for (;;) {
      const i = due.length > 0 ? due.shift() : next < n ? next++ : undefined;
      if (i === undefined) {
        if (waiting === 0) {
          sleepers.splice(0).forEach((wake) => wake());
          return;
        }
        await new Promise((resolve) => sleepers.push(resolve));
        continue;
      }
      const stream = (streams[i] ??= planStream(spec, i));
      if (now() > deadline) {
        count(failures, stream.failures > 0 ? 'refused_until_deadline' : 'not_attempted_deadline');
        continue;
      }
      const result = await connect(stream, spec.pods[stream.home], Math.min(timeoutMs, Math.max(1000, deadline - now())));
      if (result.ok) {
        ok++;
        stream.failures = 0;
        lastReady = now();
      } else if (RETRIED_STATUSES.has(result.status)) {
        count(refusals, String(result.status));
        stream.failures++;
        waiting++;
        setTimeout(
          () => {
            waiting--;
            due.push(i);
            sleepers.shift()?.();
          },
          Math.max(backoffDelay(stream.failures - 1), result.retryAfterMs ?? 0),
        );
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
    refusals: Object.fromEntries(refusals),
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

/**
 * `boards` (storm): each stream watches one board, so its slots are only that board's
 * sequence numbers, and each first delivery's latency is kept to be split by window later.
 */
function startPhase({ id, m, boards }) {
  const openAtStart = new Uint8Array(streams.length);
  streams.forEach((s, i) => (openAtStart[i] = s?.open ? 1 : 0));
  const perBoard = boards ? Math.ceil(m / boards) : m;
  const streamsPerBoard = boards ? new Array(boards).fill(0) : undefined;
  if (boards) {
    streams.forEach((s, i) => openAtStart[i] && streamsPerBoard[s.board]++);
  }
  phase = {
    id,
    m,
    boards,
    perBoard,
    counts: new Uint8Array(streams.length * perBoard),
    latency: boards ? new Float32Array(streams.length * perBoard) : undefined,
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
  return { type: 'phaseStarted', id, streams: openAtStart.reduce((a, b) => a + b, 0), streamsPerBoard };
}

/**
 * Just before pod `pod` is killed: its open streams are the ones that have to move. `dynamic`
 * (behind nginx, which alone knows which pod holds a stream): the streams that drop from now on.
 */
function markKill({ pod, dynamic }) {
  resumeStats.killedPod = dynamic ? -1 : pod;
  resumeStats.dynamic = Boolean(dynamic);
  resumeStats.moved = 0;
  if (dynamic) {
    streams.forEach((s) => s && (s.moved = false));
    return { type: 'killMarked', moved: 0 };
  }
  for (const s of streams) {
    if (!s) {
      continue;
    }
    s.moved = s.open && s.home === pod;
    if (s.moved) {
      resumeStats.moved++;
    }
  }
  return { type: 'killMarked', moved: resumeStats.moved };
}

function resumeProgress() {
  return {
    moved: resumeStats.moved,
    resumed: resumeStats.resumed,
    lastResumedAt: resumeStats.lastResumedAt,
    attempts: resumeStats.attempts,
    admitted: resumeStats.admitted,
    ownDropped: resumeStats.ownDropped,
    refusals: Object.fromEntries(resumeStats.refusals),
    failures: Object.fromEntries(resumeStats.failures),
  };
}

/**
 * The storm's figures per class of stream (own: on the surviving pod all along; moved: on the
 * killed pod, then resumed on the survivor) and per window of sequence numbers [from, to):
 * latency of first deliveries, and deliveries expected, lost and duplicated. `published[seq]`
 * says whether write seq was published. A moved stream that never resumed has its losses apart.
 */
function reportStorm({ windows, published }) {
  const ph = phase;
  const classes = {};
  for (const name of ['own', 'moved']) {
    classes[name] = {};
    for (const w of windows) {
      classes[name][w.name] = { hist: new Histogram(), expected: 0, lost: 0, lostUnresumed: 0, dup: 0 };
    }
  }
  const resumeTimes = [];
  for (let i = 0; i < streams.length; i++) {
    const s = streams[i];
    if (!ph.openAtStart[i] || (!s.moved && s.home === resumeStats.killedPod)) {
      continue;
    }
    if (s.moved) {
      resumeTimes.push(s.resumedAt);
    }
    const byWindow = classes[s.moved ? 'moved' : 'own'];
    const base = i * ph.perBoard;
    for (const w of windows) {
      const acc = byWindow[w.name];
      const k0 = Math.max(0, Math.ceil((w.from - s.board) / ph.boards));
      for (let seq = s.board + k0 * ph.boards, k = k0; seq < w.to; seq += ph.boards, k++) {
        if (!published[seq]) {
          continue;
        }
        acc.expected++;
        const seen = ph.counts[base + k];
        if (seen === 0) {
          if (s.moved && !s.resumedAt) {
            acc.lostUnresumed++;
          } else {
            acc.lost++;
          }
        } else {
          acc.hist.add(ph.latency[base + k]);
          acc.dup += seen - 1;
        }
      }
    }
  }
  for (const byWindow of Object.values(classes)) {
    for (const acc of Object.values(byWindow)) {
      acc.hist = acc.hist.toJSON();
    }
  }
  const report = {
    type: 'stormReport',
    classes,
    resumeTimes,
    reconnectMs: resumeStats.connectMs.toJSON(),
    ...resumeProgress(),
    received: ph.received,
    dup: ph.dup,
    stale: ph.stale,
    open: openCount(),
    closeReasons: Object.fromEntries(closeReasons),
    cpu: cpuSince(ph.cpu),
    rssKb: Math.round(process.memoryUsage.rss() / 1024),
  };
  phase = null;
  return report;
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
        send({
          type: 'progress',
          received: phase?.received ?? 0,
          dup: phase?.dup ?? 0,
          open: openCount(),
          ...(openSpec?.resume ? resumeProgress() : {}),
        });
        break;
      case 'report':
        send(reportPhase());
        break;
      case 'markKill':
        send(markKill(message));
        break;
      case 'stormReport':
        send(reportStorm(message));
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
