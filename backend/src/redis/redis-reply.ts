/**
 * Runtime checks for script replies. A Lua reply is whatever the script happened to return;
 * these guards turn "trust the cast" into "prove the shape", so a script edited on one side
 * only fails loudly at its call site instead of corrupting what the caller does next.
 */
export type ReplyGuard<T> = (reply: unknown) => reply is T;

type Guarded<G> = G extends ReplyGuard<infer T> ? T : never;

export const isInteger: ReplyGuard<number> = (reply): reply is number => typeof reply === 'number' && Number.isInteger(reply);

export const isString: ReplyGuard<string> = (reply): reply is string => typeof reply === 'string';

/** Lua `false` and `nil` both reach the client as null. */
export const isNull: ReplyGuard<null> = (reply): reply is null => reply === null;

export function oneOf<const T extends readonly (string | number)[]>(...values: T): ReplyGuard<T[number]> {
  return (reply): reply is T[number] => values.includes(reply as T[number]);
}

export function either<const G extends readonly ReplyGuard<unknown>[]>(...guards: G): ReplyGuard<Guarded<G[number]>> {
  return (reply): reply is Guarded<G[number]> => guards.some((guard) => guard(reply));
}

export function tuple<const G extends readonly ReplyGuard<unknown>[]>(
  ...guards: G
): ReplyGuard<{ -readonly [I in keyof G]: Guarded<G[I]> }> {
  return (reply): reply is { -readonly [I in keyof G]: Guarded<G[I]> } =>
    Array.isArray(reply) && reply.length === guards.length && guards.every((guard, index) => guard(reply[index]));
}

export function arrayOf<T>(guard: ReplyGuard<T>): ReplyGuard<T[]> {
  return (reply): reply is T[] => Array.isArray(reply) && reply.every((item) => guard(item));
}
