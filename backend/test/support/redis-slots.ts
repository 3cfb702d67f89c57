import type Redis from 'ioredis';
import { keySlot } from '../../src/redis/key-slot';

/**
 * What Redis Cluster hashes: the text between the first `{` and the first `}` after it when that
 * is not empty, else the whole key.
 */
export function hashTag(key: string): string {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) {
      return key.slice(open + 1, close);
    }
  }
  return key;
}

/** The app's own slot rule, checked against the server's CLUSTER KEYSLOT by the slot test. */
export { keySlot };

/** One command as MONITOR printed it: `source` is the client's address, or `lua` inside a script. */
export interface MonitoredCommand {
  source: string;
  args: string[];
}

/** Commands whose arguments hold no keys (COMMAND GETKEYS refuses them or they are connection admin). */
const KEYLESS = new Set([
  'auth',
  'client',
  'cluster',
  'command',
  'config',
  'dbsize',
  'discard',
  'echo',
  'exec',
  'flushall',
  'flushdb',
  'function',
  'hello',
  'info',
  'memory',
  'monitor',
  'multi',
  'ping',
  'psubscribe',
  'punsubscribe',
  'quit',
  'readonly',
  'script',
  'select',
  'subscribe',
  'time',
  'unsubscribe',
  'wait',
]);

/**
 * The keys of each command, as Redis itself finds them (COMMAND GETKEYS, on a connection of its
 * own). Shard channels count as keys: SPUBLISH and SSUBSCRIBE are routed by their channel's slot,
 * and a PUBLISH from a script must stay on the script's slot too.
 */
export async function keysOf(redis: Redis, commands: readonly MonitoredCommand[]): Promise<string[][]> {
  const known = new Map<string, string[]>();
  const asked: string[][] = [];
  for (const { args } of commands) {
    const name = args[0].toLowerCase();
    const signature = args.join('\u0000');
    if (known.has(signature) || KEYLESS.has(name)) {
      continue;
    }
    if (name === 'publish' || name === 'spublish') {
      known.set(signature, [args[1]]);
    } else if (name === 'ssubscribe' || name === 'sunsubscribe') {
      known.set(signature, args.slice(1));
    } else {
      known.set(signature, []);
      asked.push(args);
    }
  }
  for (let start = 0; start < asked.length; start += 1000) {
    const batch = asked.slice(start, start + 1000);
    const pipeline = redis.pipeline();
    for (const args of batch) {
      pipeline.call('COMMAND', 'GETKEYS', ...args);
    }
    const replies = (await pipeline.exec()) ?? [];
    batch.forEach((args, index) => {
      const [error, keys] = replies[index] ?? [null, []];
      // "The command has no key arguments": a keyless command this list did not name.
      known.set(args.join('\u0000'), error ? [] : (keys as string[]));
    });
  }
  return commands.map(({ args }) => known.get(args.join('\u0000')) ?? []);
}
