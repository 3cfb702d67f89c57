// Lua run atomically by Redis. Publishing appends to the channel's stream and
// publishes the very same entry with its id in one step, so history and live
// delivery can never disagree.
import { arrayOf, either, isString, oneOf, tuple } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';

const streamEntry = tuple(isString, arrayOf(isString));

/**
 * The channel's epoch, as every script reads it. ARGV[1]: epoch candidate, ARGV[2]: '1' on a Redis Cluster.
 *
 * On a cluster the epoch key holds "<epoch> <writer node id> <writer replication id>". Replication
 * is asynchronous, so a replica promoted over the writer (its master_replid2 is the writer's
 * replication id) may lack the last events clients already got or writers were told were stored:
 * the channel then starts a new epoch, and every client of it gets a reset instead of a silent
 * gap. A slot moved to another master (resharding copies keys whole) only records the new writer.
 * The writer check costs one CLUSTER MYID per call; INFO, ten times dearer, runs only when the
 * channel is first written or its writer changed.
 */
const EPOCH = `
local function current_epoch(key)
  local stored = redis.call('GET', key)
  local epoch, writer, writer_replid = nil, '', ''
  if stored then epoch, writer, writer_replid = string.match(stored, '^(%S+) ?(%S*) ?(%S*)$') end
  if ARGV[2] ~= '1' then
    if epoch then return epoch end
    redis.call('SET', key, ARGV[1])
    return ARGV[1]
  end
  local me = redis.call('CLUSTER', 'MYID')
  if epoch and writer == me then return epoch end
  local info = redis.call('INFO', 'replication')
  local replid = string.match(info, 'master_replid:(%x+)') or ''
  local replid2 = string.match(info, 'master_replid2:(%x+)') or ''
  if not epoch or (writer_replid ~= '' and writer_replid == replid2) then epoch = ARGV[1] end
  redis.call('SET', key, epoch .. ' ' .. me .. ' ' .. replid)
  return epoch
end
`;

/** KEYS: stream, epoch. ARGV: epoch candidate, clustered, maxlen, shard channel, type, envelope rest. */
export const PUBLISH = defineScript({
  name: 'events.publish',
  keys: 2,
  reply: tuple(isString, isString),
  lua: `${EPOCH}
local epoch = current_epoch(KEYS[2])
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 't', ARGV[5], 'r', ARGV[6])
redis.call('SPUBLISH', ARGV[4], epoch .. ' ' .. id .. ' ' .. ARGV[5] .. ' ' .. ARGV[6])
return {epoch, id}`,
});

/** KEYS: stream, epoch. ARGV: epoch candidate, clustered. Returns {epoch, last id}. */
export const HEAD = defineScript({
  name: 'events.head',
  keys: 2,
  reply: tuple(isString, isString),
  lua: `${EPOCH}
local epoch = current_epoch(KEYS[2])
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if last[1] then return {epoch, last[1][1]} end
return {epoch, '0-0'}`,
});

/**
 * KEYS: stream, epoch. ARGV: epoch candidate, clustered, epoch, after id, page size.
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
if current_epoch(KEYS[2]) ~= ARGV[3] then return {'epoch'} end
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
if added > length and first and before(ARGV[4], first) then return {'trimmed'} end
return {'ok', redis.call('XRANGE', KEYS[1], '(' .. ARGV[4], '+', 'COUNT', ARGV[5])}`,
});
