// Fails when frontend/src/i18n/messages.json (the English source every translation is checked
// against) no longer matches the app's marked strings: run `npm run i18n:extract` and translate
// what changed. The translation spec (frontend/src/i18n/translations.spec.ts) does the rest.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const committedPath = 'frontend/src/i18n/messages.json';
const dir = mkdtempSync(join(tmpdir(), 'cb-i18n-'));
const freshPath = join(dir, 'messages.json');
try {
  const extract = spawnSync('npx', ['--no-install', 'ng', 'extract-i18n', '--format', 'json', '--out-file', freshPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
  });
  if (extract.status !== 0) {
    console.error(extract.stdout?.toString());
    process.exit(extract.status ?? 1);
  }
  const committed = JSON.parse(readFileSync(committedPath, 'utf8')).translations;
  const fresh = JSON.parse(readFileSync(freshPath, 'utf8')).translations;
  const problems = [];
  for (const [id, text] of Object.entries(fresh)) {
    if (!(id in committed)) {
      problems.push(`new message ${id}: ${text}`);
    } else if (committed[id] !== text) {
      problems.push(`changed message ${id}: ${committed[id]} → ${text}`);
    }
  }
  for (const id of Object.keys(committed)) {
    if (!(id in fresh)) {
      problems.push(`message ${id} is no longer in the app`);
    }
  }
  if (problems.length > 0) {
    console.error(`${committedPath} is stale (run npm run i18n:extract, then translate):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`${Object.keys(fresh).length} messages, all in ${committedPath}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
