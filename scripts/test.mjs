#!/usr/bin/env node
// `npm test`: every suite, in order, with one summary at the end.
// Prerequisites npm cannot install are checked first and fail loudly: a suite
// that cannot run is a failure, never a silent skip.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const only = new Set(process.argv.slice(2)); // e.g. `npm test -- backend e2e`

function checkPrerequisites() {
  const problems = [];
  try {
    const version = execFileSync('redis-server', ['--version'], { encoding: 'utf8' });
    const major = Number(/v=(\d+)/.exec(version)?.[1] ?? 0);
    if (major < 7) {
      problems.push(`redis-server ${major} found; Redis >= 7 is needed (Debian: apt-get install -y redis-server)`);
    }
  } catch {
    problems.push('redis-server is not on PATH: the integration tests need Redis >= 7 (Debian: apt-get install -y redis-server)');
  }
  // The browser tests also run two pods behind nginx with TLS (npm run cluster's topology).
  for (const [binary, pkg] of [
    ['nginx', 'nginx'],
    ['openssl', 'openssl'],
  ]) {
    const found = [`/usr/sbin/${binary}`, `/usr/bin/${binary}`].some((path) => existsSync(path));
    if (!found) {
      problems.push(`${binary} is not installed: the browser tests run two pods behind nginx (Debian: apt-get install -y ${pkg})`);
    }
  }
  if (!existsSync(chromium)) {
    problems.push(
      `Chromium not found at ${chromium}: the browser tests need it (Debian: apt-get install -y chromium, or set CHROMIUM_PATH)`,
    );
  }
  if (problems.length > 0) {
    console.error(`\nnpm test cannot run every suite on this machine:\n  - ${problems.join('\n  - ')}\n`);
    process.exit(1);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command, mirrors its output, and returns {code, output}. */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const mirror = (stream) => (chunk) => {
      output += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on('data', mirror(process.stdout));
    child.stderr.on('data', mirror(process.stderr));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

// Each runner prints its own tally; read it back so the summary adds them up.
const counters = {
  jest: (out) => {
    const line = out.match(/^Tests:\s+(.*)$/m)?.[1] ?? '';
    return { passed: num(line, /(\d+) passed/), failed: num(line, /(\d+) failed/) };
  },
  vitest: (out) => {
    const line = out.match(/^\s*Tests\s+(.*)$/m)?.[1] ?? '';
    return { passed: num(line, /(\d+) passed/), failed: num(line, /(\d+) failed/) };
  },
  playwright: (out) => ({ passed: num(out, /^\s*(\d+) passed/m), failed: num(out, /^\s*(\d+) failed/m) + num(out, /^\s*(\d+) flaky/m) }),
  none: () => ({ passed: 0, failed: 0 }),
};

function num(text, pattern) {
  return Number(pattern.exec(text)?.[1] ?? 0);
}

const npx = (...args) => ['npx', ['--no-install', ...args]];

async function main() {
  checkPrerequisites();
  const e2ePort = String(await freePort());
  const steps = [
    { group: 'backend', name: 'backend type check', cmd: npx('tsc', '-p', 'backend/tsconfig.json', '--noEmit'), counter: 'none' },
    // The shutdown and e2e tests run the built server as a real process.
    { group: 'build', name: 'build (backend + frontend)', cmd: ['npm', ['run', 'build']], counter: 'none' },
    {
      group: 'backend',
      name: 'backend unit + integration (jest, real Redis)',
      cmd: npx('jest', '--config', 'backend/jest.config.js', '--ci'),
      counter: 'jest',
    },
    { group: 'frontend', name: 'frontend unit (Angular + vitest)', cmd: npx('ng', 'test', '--watch=false'), counter: 'vitest' },
    {
      group: 'e2e',
      name: 'browser e2e (Playwright + Chromium)',
      cmd: npx('playwright', 'test', '--config', 'e2e/playwright.config.ts'),
      counter: 'playwright',
      env: { E2E_PORT: e2ePort, CHROMIUM_PATH: chromium },
    },
  ].filter((step) => only.size === 0 || only.has(step.group) || (step.group === 'build' && (only.has('backend') || only.has('e2e'))));

  const results = [];
  for (const step of steps) {
    console.log(`\n━━━ ${step.name} ━━━`);
    const started = Date.now();
    const { code, output } = await run(step.cmd[0], step.cmd[1], { NG_CLI_ANALYTICS: 'false', ...step.env });
    const counts = counters[step.counter](output);
    results.push({ ...step, code, ...counts, seconds: (Date.now() - started) / 1000 });
    if (code !== 0 && step.counter === 'none') {
      break;
    } // nothing after a failed build or type check can mean anything
  }

  console.log('\n━━━ summary ━━━');
  for (const r of results) {
    const tally = r.counter === 'none' ? '' : `${r.passed} passed, ${r.failed} failed, `;
    console.log(`${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name}: ${tally}${r.seconds.toFixed(1)} s`);
  }
  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  // A step that failed without a count (crash, build error) still counts as a failure.
  const failed = results.reduce((sum, r) => sum + (r.failed || (r.code !== 0 ? 1 : 0)), 0);
  const incomplete = results.length < steps.length;
  console.log(`total: ${passed} passed, ${failed + (incomplete ? 1 : 0)} failed`);
  process.exit(failed > 0 || incomplete || results.some((r) => r.code !== 0) ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
