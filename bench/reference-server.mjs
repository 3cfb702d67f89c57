// The reference for bench/run.mjs: the least an SSE fan-out server on node:http can do.
//   GET  /events   keeps the response in a list (first event: stream.ready)
//   POST /publish  {text} → builds one note.updated event shaped and sized like Corkboard's
//                  (same `event:`/`id:`/`data:` lines, same envelope JSON), serializes it
//                  once and writes that string to every open stream; answers 204.
//   GET  /health   200
// A heartbeat event goes to every stream every HEARTBEAT_MS, as the pods do.
// No auth, no bus, no framework. Env: PORT, HOST (127.0.0.1), HEARTBEAT_MS (15000).

import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';
const heartbeatMs = Number(process.env.HEARTBEAT_MS ?? 15000);

const streams = new Set();
const boardId = randomUUID();
const userId = randomUUID();
const noteId = randomUUID();
const epoch = randomBytes(6).toString('hex');
let lastMs = 0;
let seq = 0;
let version = 1;

const HEADERS = {
  'Content-Type': 'text/event-stream',
  Connection: 'keep-alive',
  'Cache-Control': 'private, no-cache, no-store, must-revalidate, max-age=0, no-transform',
  'X-Accel-Buffering': 'no',
};

/** A cursor as long as Corkboard's two-channel stream id (user + board). */
function cursor(id) {
  return `user:${userId}@${epoch}:0-0,board:${boardId}@${epoch}:${id}`;
}

function nextId() {
  const ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    seq = 0;
  } else {
    seq++;
  }
  return `${lastMs}-${seq}`;
}

function controlEvent(type, data, extra = '') {
  const json = JSON.stringify({ id: '', channel: '', type, timestamp: new Date().toISOString(), userId: null, data });
  return `event: ${type}\nid: ${cursor(`${lastMs}-${seq}`)}\n${extra}data: ${json}\n\n`;
}

function noteEvent(text) {
  const id = nextId();
  const timestamp = new Date().toISOString();
  version++;
  const note = { id: noteId, boardId, text, x: 100, y: 100, color: 'yellow', version, createdBy: userId, updatedAt: timestamp };
  const json = JSON.stringify({ id, channel: `board:${boardId}`, type: 'note.updated', timestamp, userId, data: { note } });
  return `event: note.updated\nid: ${cursor(id)}\ndata: ${json}\n\n`;
}

function broadcast(message) {
  for (const res of streams) {
    res.write(message);
  }
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/events') {
    res.writeHead(200, HEADERS);
    res.write(
      '\n' +
        controlEvent(
          'stream.ready',
          { connectionId: randomUUID(), channels: [`user:${userId}`, `board:${boardId}`], heartbeatMs },
          'retry: 2000\n',
        ),
    );
    streams.add(res);
    res.on('close', () => streams.delete(res));
    return;
  }
  if (req.method === 'POST' && path === '/publish') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      let text;
      try {
        text = String(JSON.parse(body).text);
      } catch {
        res.writeHead(400).end();
        return;
      }
      broadcast(noteEvent(text));
      res.writeHead(204).end();
    });
    return;
  }
  if (req.method === 'GET' && path === '/health') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'ok', streams: streams.size }));
    return;
  }
  res.writeHead(404).end();
});

setInterval(() => broadcast(controlEvent('heartbeat', {})), heartbeatMs).unref();

server.listen(port, host, () => {
  console.log(`reference SSE server on http://${host}:${server.address().port}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    for (const res of streams) {
      res.destroy();
    }
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
