import type { NextFunction, Request, Response } from 'express';
import { InvalidInputError } from './domain-error';

/** No endpoint needs more; the validation pipe recurses per level and overflows the stack on thousands. */
export const MAX_BODY_DEPTH = 8;

// Keys that reach Object.prototype or class constructors through class-transformer and friends.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Why a parsed JSON body is unfit for any route, or undefined when it is fine.
 * Iterative, so a hostile depth cannot overflow the stack here either.
 */
export function bodyShapeProblem(body: unknown): string | undefined {
  if (body === undefined) {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return 'Request body must be a JSON object';
  }
  const stack: Array<[unknown, number]> = [[body, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) {
      continue;
    }
    if (depth > MAX_BODY_DEPTH) {
      return `Request body is nested more than ${MAX_BODY_DEPTH} levels deep`;
    }
    if (Array.isArray(value)) {
      for (const item of value) {
        stack.push([item, depth + 1]);
      }
      continue;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        return `Request body must not contain the key "${key}"`;
      }
      stack.push([(value as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return undefined;
}

/** Runs right after the JSON parser, before any pipe sees the body. */
export function bodyShapeGuard(request: Request, _response: Response, next: NextFunction): void {
  // express.json leaves req.body undefined for anything but JSON; multipart is parsed later by multer.
  const problem = bodyShapeProblem(request.body);
  next(problem === undefined ? undefined : new InvalidInputError(problem));
}
