// Paths, constants and small helpers every part of the bench shares.

import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(BENCH_DIR, '..');
export const DIST_SERVER = path.join(ROOT, 'dist/server');
export const ENTRY_IN_DIST = 'backend/src/main.js';
/** Set in main(): a private copy of dist/server, so a rebuild during the run cannot change or remove it. */
export let podEntry = path.join(DIST_SERVER, ENTRY_IN_DIST);
export function setPodEntry(entry) {
  podEntry = entry;
}
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');
export const ALL_MODES = ['reference', 'memory', 'redis', 'cluster', 'cluster-redis'];
/** Without --modes: cluster-redis (six more redis-server processes) only runs when asked for. */
export const DEFAULT_MODES = ['reference', 'memory', 'redis', 'cluster'];
/** Modes whose pods talk to Redis: one redis-server, or a local Redis Cluster for cluster-redis. */
export const REDIS_MODES = ['redis', 'cluster', 'cluster-redis'];
/** Modes with two pods: streams spread over both, writes to pod 1. */
export const TWO_POD_MODES = ['cluster', 'cluster-redis'];
export const ALL_PHASES = ['rate', 'saturation'];
export const FD_LIMIT_NOTE = 20_000;
export const WRITE_TIMEOUT_MS = 120_000;

export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

export function log(message) {
  const t = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[bench ${t}] ${message}\n`);
}

export function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}
