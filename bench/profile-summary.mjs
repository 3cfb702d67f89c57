// Summarises V8 .cpuprofile files (from `node --cpu-prof`, see `bench/run.mjs --cpu-prof`):
// self time by function and by package. Usage: node bench/profile-summary.mjs <file|dir> [top]

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

function packageOf(url) {
  if (!url) {
    return '(native/V8)';
  }
  if (url.startsWith('node:')) {
    return 'node:' + url.slice(5).split('/')[0];
  }
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = url.indexOf('/dist/server/');
  if (dist >= 0) {
    return (
      'app:' +
      url
        .slice(dist + '/dist/server/'.length)
        .split('/')
        .slice(0, 3)
        .join('/')
    );
  }
  return path.basename(url);
}

function shortUrl(url) {
  if (!url) {
    return '';
  }
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    return url.slice(nm + 'node_modules/'.length);
  }
  const dist = url.indexOf('/dist/server/');
  if (dist >= 0) {
    return url.slice(dist + '/dist/server/'.length);
  }
  return url.replace(/^file:\/\//, '');
}

export function summariseProfile(file, top = 25) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  let total = 0;
  let idle = 0;
  const functions = new Map();
  const packages = new Map();
  for (const [id, micros] of self) {
    const frame = byId.get(id).callFrame;
    total += micros;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') {
      if (frame.functionName === '(idle)') {
        idle += micros;
      }
    }
    const name = frame.functionName || '(anonymous)';
    const key = `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + micros);
    const pkg =
      name === '(garbage collector)'
        ? '(garbage collector)'
        : name === '(idle)'
          ? '(idle)'
          : name === '(program)'
            ? '(program)'
            : packageOf(frame.url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + micros);
  }
  const busy = total - idle;
  const rank = (map) =>
    [...map]
      .filter(([key]) => key !== '(idle)' && !key.startsWith('(idle) '))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, micros]) => ({ key, ms: Math.round(micros / 1000), pctOfBusy: busy > 0 ? Math.round((1000 * micros) / busy) / 10 : 0 }));
  return { file, totalMs: Math.round(total / 1000), busyMs: Math.round(busy / 1000), functions: rank(functions), packages: rank(packages) };
}

export function formatSummary(summary) {
  const lines = [
    `${path.basename(summary.file)}: ${summary.busyMs} ms busy of ${summary.totalMs} ms sampled`,
    '  by package (self time, % of busy):',
  ];
  for (const row of summary.packages) {
    lines.push(`    ${String(row.pctOfBusy).padStart(5)} %  ${String(row.ms).padStart(7)} ms  ${row.key}`);
  }
  lines.push('  by function:');
  for (const row of summary.functions) {
    lines.push(`    ${String(row.pctOfBusy).padStart(5)} %  ${String(row.ms).padStart(7)} ms  ${row.key}`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: node bench/profile-summary.mjs <file.cpuprofile|dir> [top]');
    process.exit(2);
  }
  const top = Number(process.argv[3] ?? 25);
  const files = statSync(target).isDirectory()
    ? readdirSync(target)
        .filter((name) => name.endsWith('.cpuprofile'))
        .map((name) => path.join(target, name))
    : [target];
  for (const file of files) {
    console.log(formatSummary(summariseProfile(file, top)) + '\n');
  }
}
