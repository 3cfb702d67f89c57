/**
 * Seeded generators of hostile request parts for backend/test/fuzz.int-spec.ts.
 * Every generator returns a value that is certainly invalid for its field, so a
 * request built with one must be refused (4xx), never accepted.
 */

/** mulberry32: tiny, seedable, good enough to spread inputs. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  string(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
    let out = '';
    for (let i = 0; i < length; i++) {
      out += alphabet[this.int(alphabet.length)];
    }
    return out;
  }

  uuid(): string {
    const hex = this.string(32, '0123456789abcdef');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

const CONTROLS = ['\u0000', '\u0007', '\u001b', '\r\n', '\u007f', '\u0085', '\u202e', '\u2066', '\u200f', '\u061c'];

export function deep(depth: number, leaf: unknown = 1, asArray = true): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) {
    value = asArray ? [value] : { a: value };
  }
  return value;
}

/** Values that are not strings at all (never null: optional fields take null as absent). */
export function nonString(rng: Prng): unknown {
  return rng.pick<() => unknown>([
    () => true,
    () => rng.int(1000) - 500,
    () => 1e308,
    () => [],
    () => [rng.string(3), 1],
    () => ({}),
    () => ({ a: { b: rng.string(4) } }),
    () => deep(5, 'x', rng.next() < 0.5),
  ])();
}

/** Values that are not finite numbers. */
export function nonNumber(rng: Prng): unknown {
  return rng.pick<() => unknown>([
    () => 'NaN',
    () => '12',
    () => 'Infinity',
    () => [],
    () => ({}),
    () => true,
    () => [1],
    () => ({ valueOf: 1 }),
  ])();
}

/** A string that is certainly too long for a field of `max` characters. */
export function tooLong(rng: Prng, max: number): string {
  return rng.string(max + 1 + rng.int(50), 'abcé✨ \u00a0xyz');
}

/** A name with a control or direction character strictly inside, where trimming cannot remove it. */
export function withControl(rng: Prng, base = 'name'): string {
  const at = 1 + rng.int(base.length - 1);
  return base.slice(0, at) + rng.pick(CONTROLS) + base.slice(at);
}

export function badUuid(rng: Prng): unknown {
  return rng.pick<() => unknown>([
    () => 'not-a-uuid',
    () => '',
    () => '00000000-0000-1000-8000-000000000000',
    () => rng.uuid().toUpperCase().replace(/-/g, ''),
    () => `${rng.uuid()}x`,
    () => '../../etc/passwd',
    () => '%00',
    () => nonString(rng),
  ])();
}

export function badUsername(rng: Prng): unknown {
  return rng.pick<() => unknown>([
    () => 'a!',
    () => 'ab',
    () => 'x'.repeat(33 + rng.int(20)),
    () => 'has space',
    () => withControl(rng, 'username'),
    () => '__proto__!',
    () => 'ñandú',
    () => nonString(rng),
  ])();
}

/** Path segments that are not UUIDs (URL-encoded where needed). */
export function badPathId(rng: Prng): string {
  return encodeURIComponent(
    rng.pick([
      'x',
      '0',
      'null',
      'undefined',
      '__proto__',
      'constructor',
      '00000000-0000-1000-8000-000000000000',
      rng.string(40),
      '%',
      '\u202e',
      ' ',
      'a'.repeat(300),
    ]),
  );
}

/** Strings that look nothing like a stream cursor. */
export function badCursor(rng: Prng): string {
  return rng.pick([
    '',
    'garbage',
    ',,,,',
    'board:@:',
    `board:${rng.uuid()}@zz:1-0`,
    `user:${rng.uuid()}@${rng.string(12)}:99999999999999999999-99999999999999999999`,
    '@'.repeat(200),
    rng.string(5000),
    'x'.repeat(64) + ':1-1',
    '\u00ff\u00fe',
  ]);
}

/** `wait` values the long poll refuses (0..30 whole seconds, once); each entry is one `wait=` of the query. */
export function badWait(rng: Prng): string[] {
  return rng.pick<() => string[]>([
    () => [String(31 + rng.int(1000))],
    () => ['-1'],
    () => ['1.5'],
    () => ['1e1'],
    () => [''],
    () => [' 5'],
    () => ['0x1f'],
    () => ['Infinity'],
    () => ['NaN'],
    () => [rng.string(6)],
    () => ['1', '2'],
    () => ['100'],
  ])();
}
