import { defineConfig } from '@playwright/test';
import path from 'node:path';

import { bufferingProxyURL, clusterURL, podURL } from './cluster-ports';
import type { PeopleOptions } from './fixtures';
import { authLimits, callSettings, jobPacing, memoryMetricsPort } from './server-env';

// Evaluated again in every worker, so the port must be a fixed value, not a random pick.
const port = process.env.E2E_PORT ?? '3199';
const baseURL = `http://127.0.0.1:${port}`;
const repoRoot = path.resolve(__dirname, '..');
// E2E_CLUSTER=off skips Redis mode (e.g. on a machine without nginx).
const withCluster = process.env.E2E_CLUSTER !== 'off';

const launchOptions = {
  // Debian's Chromium; Playwright must never download its own browsers here.
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Calls: a synthetic camera and microphone, and permission granted without a prompt.
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    // Host candidates on 127.0.0.1 too, so two browsers connect on a machine with no other interface.
    '--allow-loopback-in-peer-connection',
  ],
};

export default defineConfig<PeopleOptions>({
  testDir: __dirname,
  testMatch: '**/*.spec.ts',
  outputDir: path.join(__dirname, 'test-results'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // A whole scenario (several browsers, 20 writes, a reconnect) on a busy 2-core machine: live
  // delivery keeps its own tight expect timeouts, this only bounds a test that hangs.
  timeout: 60_000,
  expect: { timeout: 5_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list', { printSteps: false }]],
  quiet: true,
  use: {
    baseURL,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // On localhost Angular's service worker answers nothing until it has prefetched the whole app
    // shell (on a real host it does that when idle), so a page loading while a worker starts up
    // waits seconds. Specs that test the worker opt in with test.use({ serviceWorkers: 'allow' }).
    serviceWorkers: 'block',
    launchOptions,
  },
  projects: [
    // One in-memory pod: the existing webServer below.
    { name: 'memory', testIgnore: 'buffering-proxy.spec.ts', use: { baseURL, peerURL: baseURL } },
    // Two pods sharing Redis behind nginx (cluster-setup.ts). The first user goes through
    // nginx (TLS, HTTP/2, either pod); the second talks to pod 2 directly, so what one
    // does reaches the other across Redis.
    ...(withCluster
      ? [
          {
            name: 'redis',
            testMatch: [
              'board-*.spec.ts',
              'chat*.spec.ts',
              'attachments.spec.ts',
              'encryption.spec.ts',
              'offline-*.spec.ts',
              'revocation.spec.ts',
              'calls.spec.ts',
              'shared-tabs.spec.ts',
              'pwa.spec.ts',
              'keyboard.spec.ts',
              'language.spec.ts',
            ],
            use: {
              baseURL: clusterURL,
              peerURL: podURL(1),
              ignoreHTTPSErrors: true,
              // nginx's certificate is self-signed: ignoreHTTPSErrors covers pages and fetches, but
              // Chromium refuses to register a service worker over it without this switch.
              launchOptions: { ...launchOptions, args: [...launchOptions.args, '--ignore-certificate-errors'] },
            },
          },
          // The same pods behind a proxy that holds event streams back: the app falls back to
          // long polls. The second user talks to pod 2 directly, with a working stream.
          {
            name: 'buffering-proxy',
            testMatch: 'buffering-proxy.spec.ts',
            use: { baseURL: bufferingProxyURL, peerURL: podURL(1) },
          },
        ]
      : []),
  ],
  globalSetup: withCluster ? path.join(__dirname, 'cluster-setup.ts') : undefined,
  webServer: {
    command: 'node dist/server/backend/src/main.js',
    url: `${baseURL}/api/health/live`,
    cwd: repoRoot,
    // Metrics beside the e2e port, not on the default one, which would clash with a developer's own pod.
    env: {
      PORT: port,
      METRICS_PORT: memoryMetricsPort(port),
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      ...jobPacing,
      ...authLimits,
      ...callSettings,
    },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
