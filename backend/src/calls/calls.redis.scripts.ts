import { arrayOf, isString } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';

// Every transition is one script, so racing requests on any pods see one order of events. Replies
// are lists of strings: the outcome first, then the call(s) as JSON.

/** Appends an ended call to a party's history, keeping the newest ARGV-given number of entries. */
const KEEP = `
local function keep(history, id, at, max)
  redis.call('ZADD', history, at, id)
  redis.call('ZREMRANGEBYRANK', history, 0, -(tonumber(max) + 1))
end
`;

/**
 * KEYS: new call, caller's current, callee's current, the caller's current call (glare candidate),
 * ringing deadlines, live calls, caller's history, callee's history.
 * ARGV: call JSON (ringing), call id, caller id, callee id, the caller's current call id as read
 * before (or ''), now ISO, ring deadline ms, now ms, ended-call TTL ms, history size.
 * Glare keeps the lower id. Lua compares strings with strcoll: for v4 UUIDs (hex digits, hyphens
 * at the same places) every locale orders them as JavaScript's < does in the memory adapter.
 */
export const OFFER = defineScript({
  name: 'calls-offer',
  keys: 8,
  reply: arrayOf(isString),
  lua: `${KEEP}
local current = redis.call('GET', KEYS[2]) or ''
if current ~= ARGV[5] then
  return {'retry'}
end
local function stored_ended(reason)
  local call = cjson.decode(ARGV[1])
  call.state = 'ended'
  call.endedAt = ARGV[6]
  call.endReason = reason
  local json = cjson.encode(call)
  redis.call('SET', KEYS[1], json, 'PX', ARGV[9])
  keep(KEYS[7], ARGV[2], ARGV[8], ARGV[10])
  keep(KEYS[8], ARGV[2], ARGV[8], ARGV[10])
  return json
end
local function ring()
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('SET', KEYS[2], ARGV[2])
  redis.call('SET', KEYS[3], ARGV[2])
  redis.call('ZADD', KEYS[5], ARGV[7], ARGV[2])
  redis.call('SADD', KEYS[6], ARGV[2])
end
if current ~= '' then
  local raw = redis.call('GET', KEYS[4])
  local other = raw and cjson.decode(raw)
  if other and other.state == 'ringing' and other.callerId == ARGV[4] and other.calleeId == ARGV[3] then
    if ARGV[2] < current then
      other.state = 'ended'
      other.endedAt = ARGV[6]
      other.endReason = 'glare'
      local ended = cjson.encode(other)
      redis.call('SET', KEYS[4], ended, 'PX', ARGV[9])
      redis.call('ZREM', KEYS[5], current)
      redis.call('SREM', KEYS[6], current)
      keep(KEYS[7], current, ARGV[8], ARGV[10])
      keep(KEYS[8], current, ARGV[8], ARGV[10])
      ring()
      return {'glare_won', ARGV[1], ended}
    end
    return {'glare_lost', stored_ended('glare'), current}
  end
  return {'in_call', current}
end
if redis.call('EXISTS', KEYS[3]) == 1 then
  return {'busy', stored_ended('busy')}
end
ring()
return {'created', ARGV[1]}
`,
});

/** KEYS: call, ringing deadlines. ARGV: device id, now ISO. */
export const ANSWER = defineScript({
  name: 'calls-answer',
  keys: 2,
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
redis.call('ZREM', KEYS[2], call.id)
return {'ok', json}
`,
});

/**
 * KEYS: call, caller's current, callee's current, ringing deadlines, live calls, caller's history,
 * callee's history. ARGV: reason if ringing (or ''), reason if active (or ''), now ISO, now ms,
 * ended-call TTL ms, history size, call id.
 */
export const END = defineScript({
  name: 'calls-end',
  keys: 7,
  reply: arrayOf(isString),
  lua: `${KEEP}
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
redis.call('SET', KEYS[1], json, 'PX', ARGV[5])
for i = 2, 3 do
  if redis.call('GET', KEYS[i]) == ARGV[7] then
    redis.call('DEL', KEYS[i])
  end
end
redis.call('ZREM', KEYS[4], ARGV[7])
redis.call('SREM', KEYS[5], ARGV[7])
keep(KEYS[6], ARGV[7], ARGV[4], ARGV[6])
keep(KEYS[7], ARGV[7], ARGV[4], ARGV[6])
return {'ok', json}
`,
});
