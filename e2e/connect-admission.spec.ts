import type { Browser } from '@playwright/test';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';

import { type Person, connectionState, createBoard, createNote, expect, noteById, password, test } from './fixtures';
import { authLimits } from './server-env';

// A pod of its own that opens one stream a second (the shared e2e pod must admit every spec's streams).
const repoRoot = path.resolve(__dirname, '..');
const STREAM_PATH = '/api/events';

let pod: ChildProcess | undefined;
let podURL = '';

test.describe.configure({ timeout: 90_000 });

test.beforeAll(async () => {
  const port = await freePort();
  podURL = `http://127.0.0.1:${port}`;
  pod = spawn(process.execPath, ['dist/server/backend/src/main.js'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      METRICS_PORT: '0',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      SSE_CONNECT_RATE: '1',
      SSE_CONNECT_BURST: '1',
      ...authLimits,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await expect.poll(async () => (await fetch(`${podURL}/api/health/live`).catch(() => undefined))?.status, { timeout: 30_000 }).toBe(200);
});

test.afterAll(async () => {
  if (pod && pod.exitCode === null) {
    pod.kill('SIGKILL');
    await once(pod, 'exit');
  }
});

test('a pod opening streams too fast refuses the app’s stream with Retry-After, and the app comes back after it without a reload', async ({
  browser,
}) => {
  const alice = await join(browser, 'Alice');
  const bob = await join(browser, 'Bob');
  const board = await createBoard(alice, 'Storm', [bob]);

  /** The app's stream attempts as the browser timed them (Playwright's events come a little late). */
  const answers: Array<{ status: number; retryAfter: number; sentAt: number; answeredAt: number }> = [];
  let refused = false;
  alice.page.on('response', (response) => {
    if (new URL(response.url()).pathname === STREAM_PATH) {
      const timing = response.request().timing();
      answers.push({
        status: response.status(),
        retryAfter: Number(response.headers()['retry-after'] ?? 0),
        sentAt: timing.startTime,
        answeredAt: timing.startTime + timing.responseStart,
      });
      refused ||= response.status() === 503;
    }
  });

  // Until the app has been refused once, each of its streams waits at the door while someone else
  // takes the only token.
  await alice.page.route(
    (url) => url.pathname === STREAM_PATH,
    async (route) => {
      if (!refused) {
        await takeEveryToken(podURL, bob.token);
      }
      // The app may have dropped this attempt meanwhile (a channel added): nothing to send then.
      await route.continue().catch(() => undefined);
    },
  );
  await alice.page.goto(`/boards/${board.id}`);
  await expect(alice.page.getByTestId('board-title')).toHaveText('Storm');
  await alice.page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await expect.poll(() => refused, { timeout: 15_000 }).toBe(true);
  const refusal = answers.find((answer) => answer.status === 503)!;
  expect(refusal.retryAfter).toBeGreaterThanOrEqual(1);

  await expect(connectionState(alice.page)).toHaveAttribute('data-state', 'live', { timeout: 40_000 });
  // Nothing asked the pod again before its Retry-After was up.
  const nextAttempt = answers.find((answer) => answer.sentAt > refusal.answeredAt);
  expect(nextAttempt).toBeDefined();
  const waitedMs = nextAttempt!.sentAt - refusal.answeredAt;
  expect(waitedMs).toBeGreaterThanOrEqual(refusal.retryAfter * 1000);
  test.info().annotations.push({
    type: 'connect admission',
    description: `refused with Retry-After ${refusal.retryAfter} s; next attempt ${Math.round(waitedMs)} ms later; ${answers.map((answer) => answer.status).join(', ')}`,
  });

  const note = await createNote(bob, board.id, { text: 'After the storm', x: 80, y: 80, color: 'yellow' });
  await expect(noteById(alice.page, note.id).getByTestId('note-text')).toHaveText('After the storm', { timeout: 5_000 });
  // Still the page it loaded: the app got back by itself.
  expect(await alice.page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
});

type PodPerson = Person & { readonly token: string };

async function join(browser: Browser, name: string): Promise<PodPerson> {
  const context = await browser.newContext({ baseURL: podURL, viewport: { width: 1280, height: 800 } });
  const username = `${name.toLowerCase()}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const registered = await context.request.post('/api/auth/register', { data: { username, password, displayName: name } });
  expect(registered.status(), await registered.text()).toBe(201);
  const { user, accessToken } = (await registered.json()) as { user: { id: string }; accessToken: string };
  return { name, username, id: user.id, baseURL: podURL, context, page: await context.newPage(), token: accessToken };
}

/** Opens streams (dropping each at once) until the pod refuses one: its bucket is empty for a while. */
async function takeEveryToken(url: string, token: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const controller = new AbortController();
    const response = await fetch(`${url}${STREAM_PATH}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (response.status === 503) {
      await response.text();
      return;
    }
    expect(response.status).toBe(200);
    controller.abort();
  }
  throw new Error('the pod never refused a stream');
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || address === null) {
    throw new Error('no free port');
  }
  return address.port;
}
