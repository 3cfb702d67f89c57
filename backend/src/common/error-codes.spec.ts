import { expect } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ERROR_CODES, GENERAL_ERROR_CODES, SPECIFIC_ERROR_CODES } from '../../../contracts/errors';
import { DomainError } from './domain-error';

const SRC = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(path);
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

type ErrorClass = new (...args: unknown[]) => DomainError;

// Constructors whose arguments shape the error: each variant is checked. Any other class is made
// with placeholder arguments, which only fill its English message.
const VARIANTS: Record<string, unknown[][]> = {
  InviteLinkGoneError: [['expired'], ['used_up']],
  MissingDeviceWrapsError: [[['device-1']]],
  NewKeyNeededError: [
    ['key-1', true],
    ['key-1', false],
  ],
};

/** Every DomainError subclass exported by a `*.errors.ts` file, by name. */
function errorClasses(): Map<string, ErrorClass> {
  const classes = new Map<string, ErrorClass>();
  for (const file of sourceFiles(SRC).filter((path) => path.endsWith('.errors.ts'))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(file) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) {
      if (typeof value === 'function' && value.prototype instanceof DomainError) {
        classes.set(`${relative(SRC, file)}#${name}`, value as ErrorClass);
      }
    }
  }
  return classes;
}

describe('error codes', () => {
  const classes = errorClasses();

  it('finds the error classes of every area', () => {
    expect(classes.size).toBeGreaterThan(80);
  });

  it('gives every error class a specific code of its own', () => {
    const owner = new Map<string, string>();
    const problems: string[] = [];
    for (const [name, ErrorClass] of classes) {
      const variants = VARIANTS[name.split('#')[1]] ?? [['x', 'y', 'z']];
      for (const args of variants) {
        const { code } = new ErrorClass(...args);
        if (!(SPECIFIC_ERROR_CODES as readonly string[]).includes(code)) {
          problems.push(`${name}: ${code} is not a specific code`);
        }
        const other = owner.get(code);
        if (other !== undefined && other !== name) {
          problems.push(`${name}: ${code} is already ${other}'s`);
        }
        owner.set(code, name);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lists each code once, in snake_case', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(ERROR_CODES.filter((code) => !/^[a-z]+(_[a-z]+)*$/.test(code))).toEqual([]);
    expect(GENERAL_ERROR_CODES.filter((code) => (SPECIFIC_ERROR_CODES as readonly string[]).includes(code))).toEqual([]);
  });

  it('has no specific code that nothing on the server gives', () => {
    const source = sourceFiles(SRC)
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    expect(SPECIFIC_ERROR_CODES.filter((code) => !source.includes(`'${code}'`))).toEqual([]);
  });
});
