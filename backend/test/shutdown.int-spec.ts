import type { EventEnvelope } from '../../contracts/events';
import { register } from './support/http';
import { type PodProcess, startPodProcess } from './support/pod-process';
import { SseClient } from './support/sse-client';

const STREAMS = 1000;

describe('graceful shutdown', () => {
  let pod: PodProcess | undefined;
  const clients: SseClient[] = [];

  afterAll(() => {
    for (const client of clients) {
      client.close();
    }
    pod?.child.kill('SIGKILL');
  });

  it(`closes ${STREAMS} open streams with a spread retry hint and exits within 10 s of SIGTERM`, async () => {
    // A thousand streams opened at once: admission by connect rate is not what this is about.
    pod = await startPodProcess({ SSE_MAX_CONNECTIONS: '5000', SSE_MAX_CONNECTIONS_PER_USER: '5000', SSE_CONNECT_RATE: '0' });
    const user = await register(pod.url);
    for (let batch = 0; batch < STREAMS / 100; batch++) {
      const opened = await Promise.all(Array.from({ length: 100 }, () => SseClient.open(pod!.url, { token: user.accessToken })));
      clients.push(...opened);
    }
    await Promise.all(clients.map((client) => client.waitForType('stream.ready')));

    const signalled = Date.now();
    pod.child.kill('SIGTERM');
    const exit = await pod.exited;
    const tookMs = Date.now() - signalled;

    expect(tookMs).toBeLessThan(10_000);
    // Nest re-raises the signal after closing, as a process manager expects.
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    await Promise.all(clients.map((client) => client.waitForEnd(5000)));
    const closings = clients.map((client) => client.ofType('stream.closing')[0]);
    expect(closings.filter((event) => event === undefined)).toHaveLength(0);
    expect(closings.every((event) => (event.envelope as EventEnvelope<'stream.closing'>).data.reason === 'shutdown')).toBe(true);
    const retries = closings.map((event) => event.retry ?? 0);
    expect(Math.min(...retries)).toBeGreaterThanOrEqual(250);
    expect(Math.max(...retries)).toBeLessThanOrEqual(5000);
    // Spread out, so reconnecting clients do not hit the next pod at the same instant.
    expect(new Set(retries).size).toBeGreaterThan(100);
  }, 60_000);

  it('refuses new streams with 503 and reports not ready while draining', async () => {
    // Covered in-process: a draining pod answers readiness 503 and refuses streams.
    const { startTestApp } = await import('./support/test-app');
    const { LifecycleService } = await import('../src/lifecycle/lifecycle.service');
    const app = await startTestApp();
    try {
      const user = await register(app.url);
      app.app.get(LifecycleService).beginDrain('test');
      const ready = await fetch(`${app.url}/api/health/ready`);
      expect(ready.status).toBe(503);
      await expect(SseClient.open(app.url, { token: user.accessToken })).rejects.toMatchObject({ status: 503 });
    } finally {
      await app.close();
    }
  });
});
