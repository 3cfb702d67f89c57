import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_CHROMIUM, plan, programsFor } from './prerequisites.mjs';

const everything = programsFor([]);
const bareDebian = {
  redisMajor: undefined,
  nginx: false,
  openssl: false,
  chromium: false,
  chromiumPath: DEFAULT_CHROMIUM,
  root: true,
  aptGet: true,
};
const ready = { ...bareDebian, redisMajor: 7, nginx: true, openssl: true, chromium: true };

describe('prerequisites plan', () => {
  it('installs every missing program as root with apt-get', () => {
    assert.deepEqual(plan(bareDebian, everything), { install: ['redis-server', 'nginx', 'openssl', 'chromium'], problems: [] });
  });

  it('installs only what is missing', () => {
    assert.deepEqual(plan({ ...ready, nginx: false }, everything), { install: ['nginx'], problems: [] });
    assert.deepEqual(plan(ready, everything), { install: [], problems: [] });
  });

  it('installs nothing and says what is missing when not root, or without apt-get', () => {
    for (const facts of [
      { ...bareDebian, root: false },
      { ...bareDebian, aptGet: false },
    ]) {
      const decision = plan(facts, everything);
      assert.deepEqual(decision.install, []);
      assert.equal(decision.problems.length, 4);
      assert.match(decision.problems.join('\n'), /redis-server is not on PATH.*apt-get install -y redis-server/);
      assert.match(decision.problems.join('\n'), /Chromium not found at \/usr\/bin\/chromium/);
    }
  });

  it('reports what an install cannot fix: an old Redis, a CHROMIUM_PATH elsewhere', () => {
    const decision = plan({ ...ready, redisMajor: 6, chromium: false, chromiumPath: '/opt/chrome/chrome' }, everything);
    assert.deepEqual(decision.install, []);
    assert.deepEqual(decision.problems, [
      'redis-server 6 found; Redis >= 7 is needed (Debian: apt-get install -y redis-server)',
      'Chromium not found at /opt/chrome/chrome: the browser tests need it (Debian: apt-get install -y chromium, or set CHROMIUM_PATH)',
    ]);
  });

  it('asks only for what the selected groups use', () => {
    assert.deepEqual([...programsFor(['lint', 'frontend'])], []);
    assert.deepEqual(plan(bareDebian, programsFor(['backend'])).install, ['redis-server']);
    assert.deepEqual(plan(bareDebian, programsFor(['e2e'])).install, ['redis-server', 'nginx', 'openssl', 'chromium']);
  });
});

describe('ensurePrerequisites', () => {
  // A PATH with no redis-server and an apt-get that only records its calls: nothing is installed.
  it(
    'says what it installs, runs apt-get update then install, and still stops if it did not help',
    { skip: process.getuid?.() !== 0 && 'installs only as root' },
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'prerequisites-'));
      try {
        const calls = join(dir, 'calls');
        writeFileSync(join(dir, 'apt-get'), `#!/bin/sh\necho "$*" >> ${calls}\n`);
        chmodSync(join(dir, 'apt-get'), 0o755);
        const script = `import('./prerequisites.mjs').then((m) => m.ensurePrerequisites(['backend'], '${DEFAULT_CHROMIUM}'))`;
        const result = spawnSync(process.execPath, ['-e', script], { cwd: import.meta.dirname, env: { PATH: dir }, encoding: 'utf8' });
        assert.equal(result.status, 1);
        assert.match(result.stdout, /Installing .*: redis-server \(apt-get, as root\)/);
        assert.match(result.stderr, /redis-server is not on PATH/);
        const aptCalls = readFileSync(calls, 'utf8')
          .split('\n')
          .filter((line) => line !== '' && line !== '--version');
        assert.deepEqual(aptCalls, ['update -q', 'install -y -q --no-install-recommends redis-server']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
