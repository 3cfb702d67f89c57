import { isInteger, isString, tuple } from '../../src/redis/redis-reply';
import { defineScript } from '../../src/redis/redis-script';

/** APPEND then GET, as one script: a script with keys, arguments and a checked reply. */
export const APPEND_FOR_TEST = defineScript({
  name: 'test.append',
  keys: 1,
  reply: tuple(isInteger, isString),
  lua: `
local length = redis.call('APPEND', KEYS[1], ARGV[1])
return {length, redis.call('GET', KEYS[1])}`,
});
