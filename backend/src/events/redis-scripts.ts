// Lua run atomically by Redis. Publishing appends to the channel's stream and
// publishes the very same entry with its id in one step, so history and live
// delivery can never disagree.
import { arrayOf, either, isString, oneOf, tuple } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';

const streamEntry = tuple(isString, arrayOf(isString));

/**
 * The channel's epoch, as every script reads it. The epoch key holds "<epoch> <replid>": the
 * replication id of the master that last wrote the channel. Replication is asynchronous, so a
 * replica promoted over that master (its master_replid2 is the writer's id) may lack the last
 * events clients already got or writers were told were stored: the channel then starts a new
 * epoch, and every client of it gets a reset instead of a silent gap. A slot moved to another
 * master (resharding copies keys whole) only records the new writer. ARGV[1]: epoch candidate.
 */
const EPOCH = `
local function current_epoch(key, candidate)
  local info = redis.call('INFO', 'replication')
  local replid = string.match(info, 'master_replid:(%x+)') or ''
  local replid2 = string.match(info, 'master_replid2:(%x+)') or ''
  local stored = redis.call('GET', key)
  if not stored then
    redis.call('SET', key, candidate .. ' ' .. replid)
    return candidate
  end
  local epoch, writer = string.match(stored, '^(%S+) ?(%S*)$')
  if writer == replid then return epoch end
  if writer ~= '' and writer == replid2 then epoch = candidate end
  redis.call('SET', key, epoch .. ' ' .. replid)
  return epoch
end
`;

/** KEYS: stream, epoch. ARGV: epoch candidate, maxlen, shard channel, type, envelope rest. */
export const PUBLISH = defineScript({
  name: 'events.publish',
  keys: 2,
  reply: tuple(isString, isString),
  lua: `${EPOCH}
local epoch = current_epoch(KEYS[2], ARGV[1])
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 't', ARGV[4], 'r', ARGV[5])
redis.call('SPUBLISH', ARGV[3], epoch .. ' ' .. id .. ' ' .. ARGV[4] .. ' ' .. ARGV[5])
return {epoch, id}`,
});

/** KEYS: stream, epoch. ARGV: epoch candidate. Returns {epoch, last id}. */
export const HEAD = defineScript({
  name: 'events.head',
  keys: 2,
  reply: tuple(isString, isString),
  lua: `${EPOCH}
local epoch = current_epoch(KEYS[2], ARGV[1])
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if last[1] then return {epoch, last[1][1]} end
return {epoch, '0-0'}`,
});

/**
 * KEYS: stream, epoch. ARGV: epoch candidate, epoch, after id, page size.
 * Returns {'ok', up to a page of entries} | {'epoch'} | {'trimmed'}. Read page by page, each
 * page checks again that nothing after the last entry read has been trimmed. Trimming (XADD MAXLEN ~) drops
 * the oldest entries and records no deleted id, so a cursor older than the first
 * kept entry of a stream that has lost entries counts as trimmed: a gap is never silent.
 */
export const HISTORY = defineScript({
  name: 'events.history',
  keys: 2,
  reply: either(tuple(oneOf('ok'), arrayOf(streamEntry)), tuple(oneOf('epoch')), tuple(oneOf('trimmed'))),
  lua: `${EPOCH}
if current_epoch(KEYS[2], ARGV[1]) ~= ARGV[2] then return {'epoch'} end
if redis.call('EXISTS', KEYS[1]) == 0 then return {'ok', {}} end
local info = redis.call('XINFO', 'STREAM', KEYS[1])
local length, added, first = 0, 0, nil
for i = 1, #info, 2 do
  local key = info[i]
  if key == 'length' then length = info[i + 1]
  elseif key == 'entries-added' then added = info[i + 1]
  elseif key == 'first-entry' and info[i + 1] then first = info[i + 1][1] end
end
local function before(a, b)
  local da = string.find(a, '-', 1, true)
  local db = string.find(b, '-', 1, true)
  local am, as = tonumber(string.sub(a, 1, da - 1)), tonumber(string.sub(a, da + 1))
  local bm, bs = tonumber(string.sub(b, 1, db - 1)), tonumber(string.sub(b, db + 1))
  return am < bm or (am == bm and as < bs)
end
if added > length and first and before(ARGV[3], first) then return {'trimmed'} end
return {'ok', redis.call('XRANGE', KEYS[1], '(' .. ARGV[3], '+', 'COUNT', ARGV[4])}`,
});
