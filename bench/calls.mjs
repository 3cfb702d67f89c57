#!/usr/bin/env node
// Call signalling latency across pods: redis-server and two pods from the build (dist/server);
// the caller POSTs /api/calls/offer to pod A, the callee's SSE stream is on pod B. For each of
// N calls (default 20) it measures offer POST sent → `call.offer` received on pod B (what the
// callee's tabs need to start ringing), then ends the call before the next one.
//
//   node bench/calls.mjs [--calls 20]        (run `npm run build:backend` first)
//
// Only Node built-ins. Signals only the processes it started, by PID. Not part of npm test.

import http from 'node:http';
import { existsSync } from 'node:fs';
import { fail, log, now, podEntry } from './lib/common.mjs';
import { expectStatus, request } from './lib/http-client.mjs';
import { killAll, stopProcess } from './lib/processes.mjs';
import { startPod, startRedis } from './lib/servers.mjs';

const argIndex = process.argv.indexOf('--calls');
const CALLS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 20;
const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';

/** An SSE stream on /api/events that resolves waiters by event type and predicate. */
function openStream(port, token) {
  return new Promise((resolve, reject) => {
    const waiters = [];
    /** Every event seen, so a waiter registered after its event arrived still finds it. */
    const seen = [];
    const req = http.get(
      { host: '127.0.0.1', port, path: '/api/events', headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`stream answered ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk) => {
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const at = now();
            const data = block
              .split('\n')
              .filter((line) => line.startsWith('data:'))
              .map((line) => line.slice(5).trimStart())
              .join('\n');
            if (!data) {
              continue;
            }
            const envelope = JSON.parse(data);
            seen.push({ type: envelope.type, data: envelope.data, at });
            for (const waiter of [...waiters]) {
              if (waiter.type === envelope.type && waiter.matches(envelope.data)) {
                waiters.splice(waiters.indexOf(waiter), 1);
                waiter.resolve(at);
              }
            }
          }
        });
        resolve({
          next: (type, matches) => {
            const earlier = seen.find((event) => event.type === type && matches(event.data));
            return earlier
              ? Promise.resolve(earlier.at)
              : new Promise((resolveWait) => waiters.push({ type, matches, resolve: resolveWait }));
          },
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
  });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function register(port, username) {
  return expectStatus(
    `register ${username}`,
    request(port, 'POST', '/api/auth/register', { body: { username, password: 'correct horse' } }),
    201,
  );
}

async function main() {
  if (!existsSync(podEntry)) {
    fail('dist/server is missing: run `npm run build:backend` first');
  }
  const opts = { streams: 10, users: 2, heartbeatMs: 15000 };
  const redis = await startRedis();
  const podA = await startPod('pod-a', opts, redis.url, {});
  const podB = await startPod('pod-b', opts, redis.url, {});
  try {
    const suffix = Date.now().toString(36);
    const caller = await register(podA.port, `caller${suffix}`);
    const callee = await register(podA.port, `callee${suffix}`);
    const board = await expectStatus(
      'board',
      request(podA.port, 'POST', '/api/boards', { body: { title: 'Calls bench' }, token: caller.accessToken }),
      201,
    );
    const invitation = await expectStatus(
      'invite',
      request(podA.port, 'POST', `/api/boards/${board.id}/members`, {
        body: { username: callee.user.username },
        token: caller.accessToken,
      }),
      201,
    );
    // Invitations are offers: the callee joins on accepting.
    await expectStatus(
      'accept',
      request(podA.port, 'POST', `/api/invitations/${invitation.id}/accept`, { token: callee.accessToken }),
      200,
    );
    const calleeStream = await openStream(podB.port, callee.accessToken);
    const callerStream = await openStream(podA.port, caller.accessToken);

    const ringing = [];
    const responses = [];
    for (let i = 0; i < CALLS; i++) {
      const sentAt = now();
      const offered = request(podA.port, 'POST', '/api/calls/offer', {
        body: { calleeId: callee.user.id, media: 'video', sdp: SDP },
        token: caller.accessToken,
      });
      const response = await offered;
      if (response.status !== 201) {
        throw new Error(`offer ${i}: ${response.status} ${response.text}`);
      }
      responses.push(now() - sentAt);
      const callId = response.json.call.id;
      // The offer often arrives before the POST's response: next() looks at what was seen already.
      const arrivedAt = await Promise.race([
        calleeStream.next('call.offer', (data) => data.call.id === callId),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`call.offer ${i} did not arrive`)), 10_000)),
      ]);
      ringing.push(arrivedAt - sentAt);
      const ended = callerStream.next('call.ended', (data) => data.callId === callId);
      await expectStatus('end', request(podA.port, 'POST', '/api/calls/end', { body: { callId }, token: caller.accessToken }), 204);
      await ended;
    }
    calleeStream.close();
    callerStream.close();
    const sorted = [...ringing].sort((a, b) => a - b);
    const sortedResponses = [...responses].sort((a, b) => a - b);
    const fmt = (ms) => `${ms.toFixed(1)} ms`;
    console.log(`\nCall signalling, ${CALLS} calls, offer POST on pod A → call.offer on the callee's stream on pod B (Redis):`);
    console.log(
      `  median ${fmt(percentile(sorted, 50))}, p95 ${fmt(percentile(sorted, 95))}, min ${fmt(sorted[0])}, max ${fmt(sorted[sorted.length - 1])}`,
    );
    console.log(`  offer POST response: median ${fmt(percentile(sortedResponses, 50))}, p95 ${fmt(percentile(sortedResponses, 95))}`);
  } finally {
    await stopProcess(podA.child);
    await stopProcess(podB.child);
    await stopProcess(redis.child);
  }
}

main().catch((error) => {
  log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
  killAll('SIGKILL');
  process.exit(1);
});
