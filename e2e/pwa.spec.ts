import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { BrowserContext, Page, Request, Response } from '@playwright/test';

import { type Person, appShellCached, createBoard, createNote, expect, openBoard, test } from './fixtures';

/**
 * The installable app, Lighthouse-style: a valid web manifest with loadable icons, a service
 * worker that controls the page and starts the app with no network, and keeps its hands off
 * everything under /api (answers, streams, downloads).
 */

// Other specs run without service workers (playwright.config.ts); these are about the worker.
test.use({ serviceWorkers: 'allow' });

interface WebManifest {
  name?: string;
  short_name?: string;
  start_url?: string;
  display?: string;
  theme_color?: string;
  background_color?: string;
  icons?: Array<{ src: string; sizes: string; type?: string; purpose?: string }>;
}

/** Width and height from a PNG's IHDR chunk, which must come first. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Every URL in the page's CacheStorage. */
function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      urls.push(...(await cache.keys()).map((request) => request.url));
    }
    return urls;
  });
}

/** What went through the service worker: requests it made itself, and answers it gave the page. */
function watchServiceWorker(context: BrowserContext): { fromWorker: string[]; answeredByWorker: string[] } {
  const seen = { fromWorker: [] as string[], answeredByWorker: [] as string[] };
  context.on('request', (request: Request) => {
    if (request.serviceWorker()) {
      seen.fromWorker.push(request.url());
    }
  });
  context.on('response', (response: Response) => {
    if (response.fromServiceWorker()) {
      seen.answeredByWorker.push(response.url());
    }
  });
  return seen;
}

const isApi = (url: string): boolean => /^\/api(\/|$)/.test(new URL(url).pathname);

test('the web manifest is valid and its icons load at their stated sizes', async ({ page, request }) => {
  await page.goto('/login');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', 'manifest.webmanifest');
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', /^#[0-9a-f]{6}$/i);

  const response = await request.get('/manifest.webmanifest');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^application\/(manifest\+)?json/);
  const manifest = (await response.json()) as WebManifest;
  expect(manifest).toMatchObject({ name: 'Corkboard', short_name: expect.any(String), start_url: '/', display: 'standalone' });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);

  const icons = manifest.icons ?? [];
  for (const wanted of ['192x192', '512x512']) {
    expect(icons.some((icon) => icon.sizes === wanted && icon.type === 'image/png' && (icon.purpose ?? 'any').includes('any'))).toBe(true);
  }
  expect(icons.some((icon) => icon.purpose?.includes('maskable'))).toBe(true);
  for (const icon of icons.filter((candidate) => candidate.type === 'image/png')) {
    const file = await request.get(new URL(icon.src, response.url()).pathname);
    expect(file.status(), icon.src).toBe(200);
    expect(file.headers()['content-type']).toBe('image/png');
    const { width, height } = pngSize(await file.body());
    expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
  }
});

test('the service worker controls the app, and loads it with no network under its own CSP nonce', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, ignoreHTTPSErrors: true });
  try {
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) {
        violations.push(message.text());
      }
    });
    await page.goto('/login');
    await appShellCached(page, context.request);
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/ngsw-worker\.js$/);

    await context.setOffline(true);
    const offline = await page.reload();
    expect(offline?.fromServiceWorker()).toBe(true);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByTestId('login-username')).toBeVisible();

    // The cached page came with its cached CSP header: the nonce Angular gives its styles is the header's.
    const csp = (await offline!.allHeaders())['content-security-policy'];
    const nonce = /style-src 'self' 'nonce-([^']+)'/.exec(csp ?? '')?.[1];
    expect(nonce).toBeDefined();
    expect(await page.locator('cb-root').getAttribute('ngcspnonce')).toBe(nonce);
    const styleNonces = await page.evaluate(() => Array.from(document.querySelectorAll('style'), (style) => style.nonce));
    expect(styleNonces.length).toBeGreaterThan(0);
    expect(new Set(styleNonces)).toEqual(new Set([nonce]));
    // styles.css came from the cache too.
    await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(245, 246, 248)');
    expect(violations).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a new deploy is offered as an update, and Reload starts it', async ({ browser, baseURL }) => {
  // The server serves the build from disk: changing its ngsw.json is what a deploy looks like to the worker.
  const ngswPath = path.join(__dirname, '..', 'dist', 'frontend', 'browser', 'ngsw.json');
  const deployed = await readFile(ngswPath, 'utf8');
  const context = await browser.newContext({ baseURL, ignoreHTTPSErrors: true });
  try {
    const page = await context.newPage();
    await page.goto('/login');
    await appShellCached(page, context.request);
    await page.reload();
    const prompt = page.getByTestId('update-prompt');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(prompt).toHaveCount(0);

    await writeFile(ngswPath, JSON.stringify({ ...JSON.parse(deployed), appData: { build: 'next' } }));
    // What SwUpdate.checkForUpdate() sends; the worker also checks by itself on navigations, once idle.
    await page.evaluate(() => navigator.serviceWorker.controller?.postMessage({ action: 'CHECK_FOR_UPDATES', nonce: 1 }));
    await expect(prompt).toContainText('A new version of Corkboard is ready.', { timeout: 15_000 });

    await Promise.all([page.waitForEvent('load'), prompt.getByTestId('update-reload').click()]);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(prompt).toHaveCount(0);
  } finally {
    await writeFile(ngswPath, deployed);
    await context.close();
  }
});

/** Waits for an export job of `person` to finish and returns its download URL. */
async function exportedBoard(person: Person, boardId: string): Promise<string> {
  const started = await person.context.request.post('/api/jobs', {
    data: { type: 'board.export', params: { boardId, format: 'csv' } },
    headers: { origin: new URL(person.baseURL).origin },
  });
  expect(started.status(), await started.text()).toBe(202);
  const { id } = (await started.json()) as { id: string };
  let resultUrl: string | undefined;
  await expect
    .poll(
      async () => {
        const job = (await (await person.context.request.get(`/api/jobs/${id}`)).json()) as { status: string; resultUrl?: string };
        resultUrl = job.resultUrl;
        return job.status;
      },
      { timeout: 20_000 },
    )
    .toBe('completed');
  return resultUrl!;
}

test('API answers, streams and downloads never go through the service worker or its cache', async ({ people }) => {
  const ada = await people.join('Ada');
  const seen = watchServiceWorker(ada.context);
  const board = await createBoard(ada, 'Through the network');
  await createNote(ada, board.id, { text: 'Straight from the server', x: 40, y: 40, color: 'yellow' });

  await ada.page.goto('/boards');
  await appShellCached(ada.page, ada.context.request);
  // Controlled from here on: every request of the page now meets the worker.
  const streamOpened = ada.page.waitForResponse((response) => new URL(response.url()).pathname === '/api/events');
  await openBoard(ada, board.id);
  expect(await ada.page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  const stream = await streamOpened;
  expect(stream.fromServiceWorker()).toBe(false);
  await expect(ada.page.getByTestId('note')).toHaveCount(1);

  // A download is a navigation to /api: it must get the file, never the app's index.html.
  const resultUrl = await exportedBoard(ada, board.id);
  const [download] = await Promise.all([
    ada.page.waitForEvent('download'),
    ada.page.evaluate((url) => {
      location.href = url;
    }, resultUrl),
  ]);
  const csv = await readFile(await download.path(), 'utf8');
  expect(csv).toContain('Straight from the server');
  expect(csv).not.toContain('<cb-root');

  // After reloads and navigations nothing of /api is cached, and the worker fetched or answered
  // none of the app's own requests. A download cannot carry the bypass header: the worker passes
  // it to the network untouched (above: the server's file), so it is the one /api URL allowed here.
  await ada.page.reload();
  await expect(ada.page.getByTestId('note')).toHaveCount(1);
  expect((await cachedUrls(ada.page)).filter(isApi)).toEqual([]);
  const isDownload = (url: string): boolean => new URL(url).pathname === new URL(resultUrl, url).pathname;
  expect(seen.fromWorker.filter((url) => isApi(url) && !isDownload(url))).toEqual([]);
  expect(seen.answeredByWorker.filter((url) => isApi(url) && !isDownload(url))).toEqual([]);
  expect(seen.answeredByWorker.length).toBeGreaterThan(0);
});
