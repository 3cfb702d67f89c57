// The bench's own HTTP/1.1 client: one-off JSON requests, and the writers' keep-alive pool
// (hand-written on node:net, so the writers stay cheap next to the server they measure).

import http from 'node:http';
import net from 'node:net';
import { WRITE_TIMEOUT_MS, now } from './common.mjs';

export function request(port, method, urlPath, { body, token, agent, timeoutMs = 30000 } = {}) {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = {};
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    if (token) {
      headers.authorization = `Bearer ${token}`;
    }
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent: agent ?? false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, json, text });
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, error: error.code ?? error.message, text: '' }));
    req.end(payload);
  });
}

export async function expectStatus(what, promise, status) {
  const res = await promise;
  if (res.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${res.status || res.error} ${res.text.slice(0, 300)}`);
  }
  return res.json;
}

// ---------------------------------------------------------------------------
// Writers: the offered-load schedule and the saturation loop

/**
 * The writer's HTTP/1.1 keep-alive connections, opened before the streams: a server holding
 * as many streams as it has file descriptors could not accept them later. Idle connections
 * are pinged every 2 s so the server's 5 s keep-alive timeout never closes them.
 */
export class WriterPool {
  constructor(target, size) {
    this.target = target;
    this.size = size;
    this.conns = [];
    this.waiters = [];
    this.pingPath = target.kind === 'reference' ? '/health' : '/api/health/live';
    this.n = 0;
  }

  async open() {
    for (let i = 0; i < this.size; i++) {
      this.conns.push(await this.connect());
    }
    this.pinger = setInterval(() => {
      for (const conn of this.conns) {
        if (!conn.busy && conn.alive && now() - conn.lastUsed > 2000) {
          this.run(conn, 'GET', this.pingPath, '').catch(() => undefined);
        }
      }
    }, 500);
    return this;
  }

  connect() {
    return new Promise((resolve) => {
      const socket = net.connect(this.target.port, '127.0.0.1');
      const conn = { socket, busy: false, alive: false, lastUsed: now(), buf: '', onResponse: null };
      socket.setNoDelay(true);
      socket.setEncoding('latin1');
      socket.on('connect', () => {
        conn.alive = true;
        resolve(conn);
      });
      socket.on('data', (data) => {
        conn.buf += data;
        this.parse(conn);
      });
      const dead = (reason) => {
        const wasAlive = conn.alive;
        conn.alive = false;
        conn.onResponse?.({ status: 0, error: reason });
        conn.onResponse = null;
        if (!wasAlive) {
          resolve(conn);
        }
      };
      socket.on('error', (error) => dead(error.code ?? error.message));
      socket.on('close', () => dead('closed'));
    });
  }

  /** One response: status line, headers, then Content-Length bytes or a chunked body. */
  parse(conn) {
    const buf = conn.buf;
    const headEnd = buf.indexOf('\r\n\r\n');
    if (headEnd < 0) {
      return;
    }
    const head = buf.slice(0, headEnd);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
    let end;
    if (length) {
      end = headEnd + 4 + Number(length[1]);
    } else if (/\r\ntransfer-encoding:[ \t]*chunked/i.test(head)) {
      const last = buf.indexOf('\r\n0\r\n\r\n', headEnd);
      const empty = buf.startsWith('0\r\n\r\n', headEnd + 4);
      if (last < 0 && !empty) {
        return;
      }
      end = empty ? headEnd + 9 : last + 7;
    } else {
      end = headEnd + 4;
    } // 204 and the like
    if (buf.length < end) {
      return;
    }
    conn.buf = buf.slice(end);
    if (/\r\nconnection:[ \t]*close/i.test(head)) {
      conn.socket.end();
    }
    const done = conn.onResponse;
    conn.onResponse = null;
    done?.({ status });
  }

  run(conn, method, path, body, headers = '') {
    conn.busy = true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        conn.socket.destroy();
        finish({ status: 0, error: 'timeout' });
      }, WRITE_TIMEOUT_MS);
      const finish = (result) => {
        clearTimeout(timer);
        conn.busy = false;
        conn.lastUsed = now();
        resolve(result);
        this.next();
      };
      conn.onResponse = finish;
      conn.socket.write(
        `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${this.target.port}\r\n${headers}` +
          (body ? `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` : '') +
          `\r\n${body}`,
      );
    });
  }

  async idle() {
    for (;;) {
      // Round robin over idle connections, so each one is used often enough to stay open.
      for (let k = 0; k < this.conns.length; k++) {
        const conn = this.conns[(this.n + k) % this.conns.length];
        if (!conn.busy && conn.alive) {
          this.n = (this.n + k + 1) % this.conns.length;
          // Taken now: the caller resumes a microtask later, when another waiter could pick it too,
          // and two requests on one connection would leave the first one's answer to the second.
          conn.busy = true;
          return conn;
        }
      }
      if (!this.conns.some((c) => c.alive)) {
        // All closed (server gone or refusing): try to open one again.
        const conn = await this.connect();
        this.conns.push(conn);
        if (!conn.alive) {
          return conn;
        }
        continue;
      }
      await new Promise((resolve) => this.waiters.push(resolve));
    }
  }

  next() {
    this.waiters.shift()?.();
  }

  /** Publishes one bench event; `stamp` (ms) is the time the latency is counted from. */
  async send(phaseId, seq, stamp) {
    const conn = await this.idle();
    const sentAt = now();
    if (!conn.alive) {
      conn.busy = false;
      this.next();
      return { status: 0, error: 'no_connection', sentAt, doneAt: now() };
    }
    const body = JSON.stringify({ text: `bx:${phaseId}:${seq}:${(stamp ?? sentAt).toFixed(3)}` });
    const t = this.target;
    // Round robin over the boards, then over each board's notes.
    const board = t.boards?.[seq % t.boards.length];
    const [method, path, auth] =
      t.kind === 'reference'
        ? ['POST', '/publish', '']
        : [
            'PATCH',
            `/api/boards/${board.id}/notes/${board.noteIds[Math.floor(seq / t.boards.length) % board.noteIds.length]}`,
            `Authorization: Bearer ${t.token}\r\n`,
          ];
    const result = await this.run(conn, method, path, body, auth);
    return { ...result, sentAt, doneAt: now() };
  }

  close() {
    clearInterval(this.pinger);
    for (const conn of this.conns) {
      conn.socket.destroy();
    }
  }
}
