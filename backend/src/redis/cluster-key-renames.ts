import { Cluster } from 'ioredis';
import type { RedisClient } from './redis-client';

/** One renamed key pattern: the old keys under `prefix` (minus the kept globals), and the new name from what follows it. */
interface KeyRename {
  prefix: string;
  keep?: readonly string[];
  rename(rest: string): string;
}

/**
 * The keys renamed so that Redis Cluster spreads users, conversations, calls and BullMQ's queue over
 * its slots (issue #17). Every other key kept its name.
 */
export const CLUSTER_KEY_RENAMES: readonly KeyRename[] = [
  { prefix: '{users}:', keep: ['{users}:by-username', '{users}:admins'], rename: (id) => `users:{${id}}` },
  { prefix: '{conversations}:', keep: ['{conversations}:by-participants'], rename: (id) => `conversations:{${id}}` },
  { prefix: 'calls:{calls}:call:', rename: (id) => `calls:{call:${id}}` },
  { prefix: 'calls:{calls}:current:', rename: (userId) => `calls:{user:${userId}}:current` },
  { prefix: 'calls:{calls}:history:', rename: (userId) => `calls:{user:${userId}}:history` },
  // BullMQ's lists and sets hold job ids, not key names, so the queue carries on under its new prefix.
  { prefix: 'bull:corkboard-jobs:', rename: (rest) => `{corkboard-jobs}:corkboard-jobs:${rest}` },
];

export interface RenameReport {
  renamed: number;
  /** Old keys left alone because their new name was taken already (a second run, or data written since). */
  skipped: string[];
}

/**
 * Renames an existing deployment's keys to their cluster names, on its one Redis, with every pod
 * stopped, before it moves to Redis Cluster (RENAME works across slots only on one Redis). Keeps
 * TTLs, never overwrites (RENAMENX), and running it again renames nothing more.
 */
export async function renameKeysForCluster(redis: RedisClient): Promise<RenameReport> {
  if (redis instanceof Cluster) {
    throw new Error('Rename the keys on the one Redis the deployment used before, not on the cluster');
  }
  const report: RenameReport = { renamed: 0, skipped: [] };
  for (const entry of CLUSTER_KEY_RENAMES) {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${entry.prefix}*`, count: 1000 }) as AsyncIterable<string[]>) {
      keys.push(...batch.filter((key) => !entry.keep?.includes(key)));
    }
    for (const key of keys) {
      if ((await renameOnce(redis, key, entry.rename(key.slice(entry.prefix.length)))) === 1) {
        report.renamed++;
      } else {
        report.skipped.push(key);
      }
    }
  }
  return report;
}

/** Marks a Redis whose keys have the names of this version (a fresh one, or one renamed at boot). */
export const KEY_LAYOUT_KEY = 'corkboard:key-layout';
const KEY_LAYOUT = 'cluster-1';

/**
 * Run by every pod on one Redis as it boots: the first boot of this version renames the keys of
 * an existing deployment (see renameKeysForCluster), later boots see the mark and skip the scan.
 * Pods booting at once may rename the same key: the loser finds it gone and moves on.
 */
export async function upgradeKeyLayout(redis: RedisClient): Promise<RenameReport | undefined> {
  if ((await redis.get(KEY_LAYOUT_KEY)) === KEY_LAYOUT) {
    return undefined;
  }
  const report = await renameKeysForCluster(redis);
  await redis.set(KEY_LAYOUT_KEY, KEY_LAYOUT);
  return report;
}

async function renameOnce(redis: RedisClient, from: string, to: string): Promise<number> {
  try {
    return await redis.renamenx(from, to);
  } catch (error) {
    if (error instanceof Error && /no such key/i.test(error.message)) {
      return 0;
    }
    throw error;
  }
}
