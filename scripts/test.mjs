#!/usr/bin/env node
// `npm test`: every suite, in order, with one summary at the end.
// Prerequisites npm cannot install are installed first where we may (root with apt-get), else
// they fail loudly: a suite that cannot run is a failure, never a silent skip.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CHROMIUM, ensurePrerequisites } from './prerequisites.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const chromium = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
const only = new Set(process.argv.slice(2)); // e.g. `npm test -- lint backend e2e`

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
  // Every ESLint error or Prettier-unformatted file counts as one failure.
  eslint: (out) => ({ passed: 0, failed: num(out, /^✖ \d+ problems? \((\d+) errors?/m) }),
  prettier: (out) => ({ passed: 0, failed: (out.match(/^\[warn\] (?!Code style issues)/gm) ?? []).length }),
  nodeTest: (out) => ({ passed: num(out, /^# pass (\d+)/m), failed: num(out, /^# fail (\d+)/m) }),
  playwright: (out) => ({ passed: num(out, /^\s*(\d+) passed/m), failed: num(out, /^\s*(\d+) failed/m) + num(out, /^\s*(\d+) flaky/m) }),
  none: () => ({ passed: 0, failed: 0 }),
};

function tallyOf(result) {
  switch (result.counter) {
    case 'none':
      return '';
    case 'eslint':
      return `${result.failed} errors, `;
    case 'prettier':
      return `${result.failed} files not formatted, `;
    default:
      return `${result.passed} passed, ${result.failed} failed, `;
  }
}

function num(text, pattern) {
  return Number(pattern.exec(text)?.[1] ?? 0);
}

const npx = (...args) => ['npx', ['--no-install', ...args]];

async function main() {
  ensurePrerequisites([...only], chromium);
  const e2ePort = String(await freePort());
  const scriptTests = readdirSync(join(root, 'scripts'))
    .filter((name) => name.endsWith('.test.mjs'))
    .map((name) => join('scripts', name));
  const steps = [
    // First: a lint error is the cheapest failure to find. ESLint runs without --cache: its cache
    // keys on a file's own content, so with type-aware rules it would miss an error that a change
    // in another file's types causes. Prettier's verdict depends on the file alone, so it caches.
    { group: 'lint', name: 'eslint (type-aware)', cmd: npx('eslint', '.'), counter: 'eslint' },
    {
      group: 'lint',
      name: 'prettier --check',
      cmd: npx('prettier', '--check', '--cache', '--cache-strategy', 'content', '.'),
      counter: 'prettier',
    },
    { group: 'lint', name: 'scripts unit (node:test)', cmd: ['node', ['--test', ...scriptTests]], counter: 'nodeTest' },
    { group: 'backend', name: 'backend type check', cmd: npx('tsc', '-p', 'backend/tsconfig.json', '--noEmit'), counter: 'none' },
    // The shutdown and e2e tests run the built server as a real process.
    { group: 'build', name: 'build (backend + frontend)', cmd: ['npm', ['run', 'build']], counter: 'none' },
    {
      group: 'backend',
      name: 'backend unit + integration (jest, real Redis)',
      // --forceExit: twice, on a loaded machine, a full run finished (all results in) and then did not exit, with no
      // socket, child or request left open; until that leak is found, a finished run must not hang the suite.
      cmd: npx('jest', '--config', 'backend/jest.config.js', '--ci', '--forceExit'),
      counter: 'jest',
    },
    {
      group: 'frontend',
      name: 'i18n source messages current (ng extract-i18n)',
      cmd: ['node', ['scripts/i18n-check.mjs']],
      counter: 'none',
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
    const tally = tallyOf(r);
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
