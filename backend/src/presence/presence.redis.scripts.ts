// Join and leave decisions are made inside Redis, per board, so two pods can
// never both announce the same join or the same leave.
import { either, isNull, isString, oneOf } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';

/** KEYS: counts, users, leaving. ARGV: userId, user JSON. Returns the JSON when the user became present. */
export const JOIN = defineScript({
  name: 'presence.join',
  keys: 3,
  reply: either(isString, isNull),
  lua: `
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
if n ~= 1 then return false end
if redis.call('ZREM', KEYS[3], ARGV[1]) == 1 then return false end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return false end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return ARGV[2]`,
});

/** KEYS: counts, leaving. ARGV: userId, leave-at ms. Returns 1 when the user's last stream is gone. */
export const LEAVE = defineScript({
  name: 'presence.leave',
  keys: 2,
  reply: oneOf(0, 1),
  lua: `
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if n > 0 then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1`,
});

/**
 * KEYS: counts, users, leaving. ARGV: userId, now ms.
 * Returns 1 (left: announce), 0 (back in time, or already done) or the later leave-at to wait for.
 */
export const FINALIZE = defineScript({
  name: 'presence.finalize',
  keys: 3,
  reply: either(oneOf(0, 1), isString),
  lua: `
local at = redis.call('ZSCORE', KEYS[3], ARGV[1])
if not at then return 0 end
if tonumber(at) > tonumber(ARGV[2]) then return at end
redis.call('ZREM', KEYS[3], ARGV[1])
if tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') > 0 then return 0 end
if redis.call('HDEL', KEYS[2], ARGV[1]) == 1 then return 1 end
return 0`,
});

/** KEYS: users. ARGV: userId, status. Returns 1 when the user is present here and the status changed. */
export const SET_STATUS = defineScript({
  name: 'presence.set-status',
  keys: 1,
  reply: oneOf(0, 1),
  lua: `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local user = cjson.decode(raw)
if user.status == ARGV[2] then return 0 end
user.status = ARGV[2]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(user))
return 1`,
});
