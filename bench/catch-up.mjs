#!/usr/bin/env node
// `npm run bench:catch-up`: how long a big catch-up takes, and what it costs the other streams.
//
// Starts redis-server and one pod from dist/server (run `npm run build:backend` first), opens
// --others streams on one board, puts one client --behind events behind (notes of --note-bytes),
// then resumes it with its cursor while --live writes a second go on. Reports the catch-up's
// duration and throughput, and the live latency (write sent → event received) of the other
// streams before and during the catch-up. Only Node built-ins; signals only its own children.
//
//   node bench/catch-up.mjs [--behind 5000] [--others 50] [--live 50] [--note-bytes 4200]

import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = path.join(ROOT, 'dist/server/backend/src/main.js');

const options = { behind: 5000, others: 50, live: 50, noteBytes: 4200 };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '').replace(/-(\w)/g, (_, c) => c.toUpperCase());
  if (!(key in options)) {
    throw new Error(`unknown flag ${process.argv[i]}`);
  }
  options[key] = Number(process.argv[i + 1]);
}

const children = [];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

function start(command, args, env, ready) {
  const child = spawn(command, args, { env: { PATH: process.env.PATH, ...env }, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      if (ready.test(output)) {
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}:\n${output}`)));
  });
}

async function api(base, method, route, token, body) {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  }
  return response.status === 204 ? undefined : response.json();
}

/** A minimal SSE reader: calls onEvent(type, id, data) per event. */
function openStream(base, token, channel, lastEventId, onEvent) {
  const url = new URL('/api/events', base);
  url.searchParams.append('channel', channel);
  if (lastEventId) {
    url.searchParams.set('lastEventId', lastEventId);
  }
  return new Promise((resolve, reject) => {
    const request = http.get(
      url,
      { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, agent: false },
      (response) => {
        if (response.statusCode !== 200) {
          return reject(new Error(`stream refused with ${response.statusCode}`));
        }
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk) => {
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let type = 'message';
            let id = '';
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) {
                type = line.slice(7);
              } else if (line.startsWith('id: ')) {
                id = line.slice(4);
              } else if (line.startsWith('data: ')) {
                data = line.slice(6);
              }
            }
            onEvent(type, id, data);
          }
        });
        resolve({ close: () => request.destroy() });
      },
    );
    request.on('error', reject);
  });
}

const percentile = (values, p) => {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const describe = (values) =>
  `n=${values.length} p50=${percentile(values, 50).toFixed(1)} ms p99=${percentile(values, 99).toFixed(1)} ms max=${Math.max(...values).toFixed(1)} ms`;

async function main() {
  const redisPort = await freePort();
  await start(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {},
    /Ready to accept/,
  );
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const pod = spawn(process.execPath, [ENTRY], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_SECRET: 'catch-up-bench-secret-that-is-long-enough-0123456789',
      LOG_LEVEL: 'warn',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      HISTORY_SIZE: String(options.behind + 1000),
      WRITE_RATE_LIMIT: '1000000',
      REGISTER_RATE_LIMIT: '1000000',
      LOGIN_IP_RATE_LIMIT: '1000000',
      INVITE_RATE_LIMIT: '1000000',
      SSE_MAX_CONNECTIONS_PER_USER: String(options.others + 10),
      STATIC_DIR: '/nonexistent',
    },
    stdio: 'inherit',
  });
  children.push(pod);
  for (let i = 0; ; i++) {
    if (
      await fetch(`${base}/api/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    ) {
      break;
    }
    if (i > 200) {
      throw new Error('pod not ready');
    }
    await sleep(100);
  }

  const session = await api(base, 'POST', '/api/auth/register', undefined, {
    username: `bench${Date.now()}`,
    password: 'bench-password-123',
    displayName: 'Bench',
  });
  const token = session.accessToken;
  const board = await api(base, 'POST', '/api/boards', token, { title: 'Catch-up' });
  const channel = `board:${board.id}`;
  const note = await api(base, 'POST', `/api/boards/${board.id}/notes`, token, { text: 'n', x: 1, y: 1, color: 'yellow' });
  const filler = 'x'.repeat(options.noteBytes);

  // Other streams measure live latency: each live write carries its send time.
  const latencies = [];
  const others = [];
  for (let i = 0; i < options.others; i++) {
    others.push(
      await openStream(base, token, channel, undefined, (type, _id, data) => {
        if (type !== 'note.updated') {
          return;
        }
        const match = /^live (\d+(?:\.\d+)?) /.exec(JSON.parse(data).data.note.text);
        if (match) {
          latencies.push({
            at: performance.timeOrigin + performance.now(),
            ms: performance.timeOrigin + performance.now() - Number(match[1]),
          });
        }
      }),
    );
  }
  let cursor = '';
  const probe = await openStream(base, token, channel, undefined, (type, id) => type === 'stream.ready' && (cursor = id));
  while (!cursor) {
    await sleep(10);
  }
  probe.close();

  process.stdout.write(`writing ${options.behind} events of ${options.noteBytes} bytes… `);
  for (let i = 0; i < options.behind; i += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, options.behind - i) }, (_, k) =>
        api(base, 'PATCH', `/api/boards/${board.id}/notes/${note.id}`, token, { text: `missed ${i + k} ${filler}`.slice(0, 5000) }),
      ),
    );
  }
  console.log('done');

  let writing = true;
  const liveWriter = (async () => {
    const started = Date.now();
    for (let n = 0; writing; n++) {
      const sentAt = performance.timeOrigin + performance.now();
      void api(base, 'PATCH', `/api/boards/${board.id}/notes/${note.id}`, token, { text: `live ${sentAt} ${filler}`.slice(0, 5000) });
      await sleep(Math.max(0, started + ((n + 1) * 1000) / options.live - Date.now()));
    }
  })();

  await sleep(3000);
  const baselineEnd = performance.timeOrigin + performance.now();
  let missed = 0;
  let bytes = 0;
  let caughtUpAt = 0;
  const resumedAt = performance.timeOrigin + performance.now();
  const catcher = await openStream(base, token, channel, cursor, (type, _id, data) => {
    bytes += data.length;
    // No JSON.parse here: this process also timestamps the other streams' events.
    if (type === 'note.updated' && data.includes('"text":"missed ') && ++missed === options.behind) {
      caughtUpAt = performance.timeOrigin + performance.now();
    }
  });
  const deadline = Date.now() + 120_000;
  while (!caughtUpAt && Date.now() < deadline) {
    await sleep(20);
  }
  await sleep(1000);
  writing = false;
  await liveWriter;
  catcher.close();
  for (const stream of others) {
    stream.close();
  }

  const baseline = latencies.filter((l) => l.at < baselineEnd).map((l) => l.ms);
  const during = latencies.filter((l) => l.at >= resumedAt && l.at <= (caughtUpAt || Infinity)).map((l) => l.ms);
  const tookMs = caughtUpAt - resumedAt;
  console.log(
    caughtUpAt
      ? `catch-up: ${options.behind} events, ${(bytes / 1e6).toFixed(1)} MB in ${tookMs.toFixed(0)} ms (${((options.behind / tookMs) * 1000).toFixed(0)} events/s) with ${options.live} live writes/s`
      : `catch-up did not finish: ${missed} of ${options.behind} events`,
  );
  console.log(`live latency of ${options.others} other streams before: ${describe(baseline)}`);
  console.log(`live latency of ${options.others} other streams during the catch-up: ${describe(during)}`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) {
      child.kill('SIGKILL');
    }
  });
