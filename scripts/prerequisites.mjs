// The programs `npm test` needs that npm cannot install. On a machine where we may install them
// (root, with apt-get: CI and a fresh container) we do, and say so; anywhere else we stop with a
// message that says what to install, never a silent skip. `.ci/run` gets them through `npm test`.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Which programs each `npm test` group needs; groups not listed need none. */
const NEEDS = {
  backend: ['redis'],
  // The browser tests also run two pods behind nginx with TLS (npm run cluster's topology).
  e2e: ['redis', 'nginx', 'openssl', 'chromium'],
};

/** The programs the selected groups need (every group when none is selected). */
export function programsFor(groups) {
  const selected = groups.length === 0 ? Object.keys(NEEDS) : groups;
  return new Set(selected.flatMap((group) => NEEDS[group] ?? []));
}

/** What this machine has. `redisMajor` is undefined when redis-server is not on PATH. */
export function survey(chromiumPath) {
  const installed = (binary) => [`/usr/sbin/${binary}`, `/usr/bin/${binary}`].some((path) => existsSync(path));
  let redisMajor;
  try {
    const version = execFileSync('redis-server', ['--version'], { encoding: 'utf8' });
    redisMajor = Number(/v=(\d+)/.exec(version)?.[1] ?? 0);
  } catch {
    redisMajor = undefined;
  }
  let aptGet = true;
  try {
    execFileSync('apt-get', ['--version'], { stdio: 'ignore' });
  } catch {
    aptGet = false;
  }
  return {
    redisMajor,
    nginx: installed('nginx'),
    openssl: installed('openssl'),
    chromium: existsSync(chromiumPath),
    chromiumPath,
    root: process.getuid?.() === 0,
    aptGet,
  };
}

/**
 * Decides from a survey what to install with apt-get and what stays a problem. Only a missing
 * program at its Debian place can be installed; an old Redis or a CHROMIUM_PATH elsewhere cannot.
 */
export function plan(facts, programs) {
  const missing = []; // { pkg, problem }: installable
  const problems = []; // no install fixes these
  if (programs.has('redis')) {
    if (facts.redisMajor === undefined) {
      missing.push({
        pkg: 'redis-server',
        problem: 'redis-server is not on PATH: the integration tests need Redis >= 7 (Debian: apt-get install -y redis-server)',
      });
    } else if (facts.redisMajor < 7) {
      problems.push(`redis-server ${facts.redisMajor} found; Redis >= 7 is needed (Debian: apt-get install -y redis-server)`);
    }
  }
  for (const binary of ['nginx', 'openssl']) {
    if (programs.has(binary) && !facts[binary]) {
      missing.push({
        pkg: binary,
        problem: `${binary} is not installed: the browser tests run two pods behind nginx (Debian: apt-get install -y ${binary})`,
      });
    }
  }
  if (programs.has('chromium') && !facts.chromium) {
    const problem = `Chromium not found at ${facts.chromiumPath}: the browser tests need it (Debian: apt-get install -y chromium, or set CHROMIUM_PATH)`;
    if (facts.chromiumPath === DEFAULT_CHROMIUM) {
      missing.push({ pkg: 'chromium', problem });
    } else {
      problems.push(problem);
    }
  }
  if (facts.root && facts.aptGet) {
    return { install: missing.map((m) => m.pkg), problems };
  }
  return { install: [], problems: [...missing.map((m) => m.problem), ...problems] };
}

function aptGet(args) {
  execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Installs what is missing when it may, then exits with a clear message if anything still is. */
export function ensurePrerequisites(groups, chromiumPath) {
  const programs = programsFor(groups);
  if (programs.size === 0) {
    return;
  }
  let decision = plan(survey(chromiumPath), programs);
  if (decision.install.length > 0) {
    console.log(`\nInstalling what npm test needs and npm cannot install: ${decision.install.join(' ')} (apt-get, as root)`);
    try {
      aptGet(['update', '-q']);
      aptGet(['install', '-y', '-q', '--no-install-recommends', ...decision.install]);
    } catch (error) {
      console.error(`apt-get failed: ${error.message}`);
    }
    // Whatever apt-get did, only what is now on the machine counts.
    decision = plan({ ...survey(chromiumPath), aptGet: false }, programs);
  }
  if (decision.problems.length > 0) {
    console.error(`\nnpm test cannot run every suite on this machine:\n  - ${decision.problems.join('\n  - ')}\n`);
    process.exit(1);
  }
}
