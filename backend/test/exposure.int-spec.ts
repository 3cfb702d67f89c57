import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { register } from './support/http';
import { type PodProcess, startPodProcess } from './support/pod-process';
import { freePort } from './support/redis-server';
import { SseClient } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';

/** Headers, metrics and logs are the same in memory and Redis mode: one in-memory pod suffices. */

function directives(csp: string | string[] | undefined): Map<string, string[]> {
  return new Map(
    String(csp ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe('security headers', () => {
  let pod: TestApp;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'corkboard-csp-'));
    // The shape of the real build: the root element names the nonce placeholder, and so does the script tag.
    writeFileSync(
      join(staticDir, 'index.html'),
      '<!doctype html><title>csp test</title><cb-root ngcspnonce="CORKBOARD_CSP_NONCE"></cb-root><script src="main.js" type="module" nonce="CORKBOARD_CSP_NONCE"></script>',
    );
    pod = await startTestApp({ STATIC_DIR: staticDir });
  });

  afterAll(async () => {
    await pod?.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('serves the app page with a strict CSP whose style nonce is fresh for every page', async () => {
    const pages = await Promise.all([1, 2].map(() => request(pod.url).get('/boards/x').set('Accept', 'text/html').expect(200)));
    const nonces = pages.map((page) => {
      const csp = directives(page.headers['content-security-policy']);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      const styleSrc = csp.get('style-src') ?? [];
      expect(styleSrc).not.toContain("'unsafe-inline'");
      const nonce = /^'nonce-([A-Za-z0-9+/=]{22,})'$/.exec(styleSrc.find((value) => value.startsWith("'nonce-")) ?? '')?.[1];
      expect(nonce).toBeDefined();
      expect(page.text).toContain(`ngcspnonce="${nonce}"`);
      expect(page.text).not.toContain('CORKBOARD_CSP_NONCE');
      expect(page.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'same-origin',
        'x-frame-options': 'DENY',
      });
      expect(page.headers['strict-transport-security']).toBeUndefined();
      return nonce;
    });
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('serves /index.html, as the service worker fetches it, like any page: its own nonce, never cached by HTTP', async () => {
    for (const path of ['/index.html', `/index.html?ngsw-cache-bust=${Math.random()}`]) {
      const page = await request(pod.url).get(path).set('Accept', '*/*').expect(200);
      const styleSrc = directives(page.headers['content-security-policy']).get('style-src') ?? [];
      const nonce = /^'nonce-(.+)'$/.exec(styleSrc.find((value) => value.startsWith("'nonce-")) ?? '')?.[1];
      expect(nonce).toBeDefined();
      expect(page.text).toContain(`ngcspnonce="${nonce}"`);
      expect(page.text).not.toContain('CORKBOARD_CSP_NONCE');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['content-type']).toMatch(/^text\/html/);
    }
  });

  it('lets the app page register its service worker and read its manifest from its own origin only', async () => {
    const page = await request(pod.url).get('/').set('Accept', 'text/html').expect(200);
    const csp = directives(page.headers['content-security-policy']);
    expect(csp.get('worker-src')).toEqual(["'self'"]);
    expect(csp.get('manifest-src')).toEqual(["'self'"]);
  });

  it('lets nothing load from API answers, and streams still flow with the same headers', async () => {
    const session = await register(pod.url);
    const boards = await request(pod.url).get('/api/boards').set('Authorization', `Bearer ${session.accessToken}`).expect(200);
    expect(directives(boards.headers['content-security-policy']).get('default-src')).toEqual(["'none'"]);
    expect(boards.headers['x-content-type-options']).toBe('nosniff');

    const stream = await SseClient.open(pod.url, { token: session.accessToken });
    try {
      await stream.waitForType('stream.ready');
      expect(stream.response.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(stream.response.headers['x-content-type-options']).toBe('nosniff');
      expect(directives(stream.response.headers['content-security-policy']).get('frame-ancestors')).toEqual(["'none'"]);
    } finally {
      stream.close();
    }
  });

  it('keeps the API docs public, with a policy that allows its own script files', async () => {
    const docs = await request(pod.url).get('/api/docs').redirects(1).expect(200);
    const csp = directives(docs.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    // Swagger UI's page is static files plus fixed inline style blocks: no inline script to allow.
    expect(docs.text).not.toMatch(/<script>(?!\s*<\/script>)/);
    for (const [, src] of docs.text.matchAll(/<script src="([^"]+)"/g)) {
      await request(pod.url)
        .get(new URL(src, `${pod.url}/api/docs/`).pathname)
        .expect(200);
    }
  });
});

describe('the metrics port', () => {
  let pod: TestApp;

  beforeAll(async () => {
    pod = await startTestApp({ METRICS_PORT: String(await freePort()) });
  });

  afterAll(async () => {
    await pod?.close();
  });

  it('serves /metrics on its own loopback port and nowhere on the public one', async () => {
    expect(pod.config.metricsHost).toBe('127.0.0.1');
    await request(pod.url).get('/metrics').expect(404);
    await request(pod.url).get('/api/metrics').expect(404);
    const scrape = await request(pod.metricsUrl!).get('/metrics').expect(200);
    expect(scrape.headers['content-type']).toMatch(/^text\/plain/);
    expect(scrape.text).toMatch(/^sse_connections_total \d+$/m);
    expect(scrape.text).toMatch(/^nodejs_heap_size_used_bytes /m);
    // The metrics port answers nothing else: no app, no API.
    await request(pod.metricsUrl!).get('/api/boards').expect(404);
    await request(pod.metricsUrl!).post('/metrics').expect(404);
  });

  it('has no metrics listener at all with METRICS_PORT=0', async () => {
    const off = await startTestApp({ METRICS_PORT: '0' });
    try {
      expect(off.metricsUrl).toBeUndefined();
      await request(off.url).get('/metrics').expect(404);
    } finally {
      await off.close();
    }
  });
});

describe('request logs', () => {
  let pod: PodProcess;

  beforeAll(async () => {
    pod = await startPodProcess({ LOG_LEVEL: 'info' });
  });

  afterAll(async () => {
    pod?.child.kill('SIGTERM');
    await pod?.exited;
  });

  /** The part of pino-http's request log line these tests read. */
  interface RequestLogLine {
    req: { url: string };
    res: { statusCode: number };
  }

  /** Resolves with the JSON log line of the request with this id once the pod has written it. */
  function logLineOf(requestId: string): Promise<RequestLogLine> {
    return new Promise((resolve) => {
      const find = (): boolean => {
        const line = pod
          .output()
          .split('\n')
          .find((candidate) => candidate.includes(`"id":"${requestId}"`) && candidate.includes('"responseTime"'));
        if (line) {
          resolve(JSON.parse(line) as RequestLogLine);
        }
        return line !== undefined;
      };
      if (find()) {
        return;
      }
      const onData = (): void => void (find() && pod.child.stdout?.off('data', onData));
      pod.child.stdout?.on('data', onData);
    });
  }

  it('never writes a token from a query string, and keeps the parameter names', async () => {
    const secrets = ['tok-e1c0ffee-query-secret', 'tok-e2c0ffee-access-secret', 'tok-e3c0ffee-bare-secret', 'tok-e4c0ffee-ok-secret'];
    await request(pod.url).get(`/api/boards?token=${secrets[0]}&access_token=${secrets[1]}`).set('X-Request-Id', 'log-test-1').expect(401);
    await request(pod.url).get(`/api/boards/?${secrets[2]}`).set('X-Request-Id', 'log-test-2').expect(401);
    const session = await register(pod.url);
    await request(pod.url)
      .get(`/api/boards?access_token=${secrets[3]}`)
      .set('Authorization', `Bearer ${session.accessToken}`)
      .set('X-Request-Id', 'log-test-3')
      .expect(200);
    await request(pod.url).get(`/api/events?access_token=${secrets[1]}`).set('X-Request-Id', 'log-test-4').expect(401);

    const [first, second, third] = await Promise.all(['log-test-1', 'log-test-2', 'log-test-3'].map(logLineOf));
    expect(first.req.url).toBe('/api/boards?token=[redacted]&access_token=[redacted]');
    expect(second.req.url).toBe('/api/boards/?[redacted]');
    expect(third.req.url).toBe('/api/boards?access_token=[redacted]');
    expect(third.res.statusCode).toBe(200);
    expect(first.res.statusCode).toBe(401);
    for (const secret of secrets) {
      expect(pod.output()).not.toContain(secret);
    }
  });
});
