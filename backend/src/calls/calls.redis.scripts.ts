import { arrayOf, isString, oneOf } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';

// Each transition of a call is one script on that call's record alone, so racing requests on any
// pods see one order of events and the script stays on the call's own slot. Replies are lists of
// strings: the outcome first, then the call as JSON. Whoever wins a transition then updates the
// parties' keys, each on its user's slot.

/** KEYS: call. ARGV: device id, now ISO. */
export const ANSWER = defineScript({
  name: 'calls-answer',
  keys: 1,
  reply: arrayOf(isString),
  lua: `
local raw = redis.call('GET', KEYS[1])
if not raw then
  return {'missing'}
end
local call = cjson.decode(raw)
if call.state ~= 'ringing' then
  return {'conflict', raw}
end
call.state = 'active'
call.answeredAt = ARGV[2]
call.answeredDeviceId = ARGV[1]
local json = cjson.encode(call)
redis.call('SET', KEYS[1], json)
return {'ok', json}
`,
});

/**
 * KEYS: call. ARGV: reason if ringing (or ''), reason if active (or ''), now ISO, ended-call TTL ms.
 * The ended call is kept for the TTL, for the parties' histories.
 */
export const END = defineScript({
  name: 'calls-end',
  keys: 1,
  reply: arrayOf(isString),
  lua: `
local raw = redis.call('GET', KEYS[1])
if not raw then
  return {'missing'}
end
local call = cjson.decode(raw)
local reason = ''
if call.state == 'ringing' then
  reason = ARGV[1]
elseif call.state == 'active' then
  reason = ARGV[2]
end
if reason == '' then
  return {'conflict', raw}
end
call.state = 'ended'
call.endedAt = ARGV[3]
call.endReason = reason
local json = cjson.encode(call)
redis.call('SET', KEYS[1], json, 'PX', ARGV[4])
return {'ok', json}
`,
});

/** KEYS: a user's current call. ARGV: the call id it must hold, the id to put instead ('' deletes it). */
export const SWAP_CURRENT = defineScript({
  name: 'calls-swap-current',
  keys: 1,
  reply: oneOf(0, 1),
  lua: `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[2])
end
return 1
`,
});
