import { ACTIVITY_COALESCE_MS } from '../../../contracts/activity';
import type { ActivityEntry, ActivityPage } from '../../../contracts/boards';
import type { RedisClient } from '../redis/redis-client';
import { arrayOf, either, isNull, isString, oneOf } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import { ActivityRepository } from './activity.repository';

// A board's feed, under the board's hash tag: entry ids scored by event id (see scoreOf), the entries
// as JSON by id, and for coalescing the id of the newest entry per (kind, note, actor).
const indexKey = (boardId: string): string => `boards:{${boardId}}:activity`;
const entriesKey = (boardId: string): string => `boards:{${boardId}}:activity:entries`;
const latestKey = (boardId: string): string => `boards:{${boardId}}:activity:latest`;

/**
 * KEYS: index, entries, latest. ARGV: entry JSON, score, coalescing key ('' for none), window (in
 * score units), entry id, max entries. The rules of addActivity: an entry already stored, or older
 * than the one it coalesces with, changes nothing. Each step is O(log n): no entry is decoded.
 */
const ADD = `
if redis.call('HEXISTS', KEYS[2], ARGV[5]) == 1 then return 'duplicate' end
local score = tonumber(ARGV[2])
local keepLatest = false
if ARGV[3] ~= '' then
  local previous = redis.call('HGET', KEYS[3], ARGV[3])
  local previousScore = previous and redis.call('ZSCORE', KEYS[1], previous)
  if previousScore then
    previousScore = tonumber(previousScore)
    if previousScore > score then
      if previousScore - score <= tonumber(ARGV[4]) then return 'older' end
      keepLatest = true
    elseif score - previousScore <= tonumber(ARGV[4]) then
      redis.call('ZREM', KEYS[1], previous)
      redis.call('HDEL', KEYS[2], previous)
    end
  end
end
redis.call('ZADD', KEYS[1], score, ARGV[5])
redis.call('HSET', KEYS[2], ARGV[5], ARGV[1])
if ARGV[3] ~= '' and not keepLatest then redis.call('HSET', KEYS[3], ARGV[3], ARGV[5]) end
local max = tonumber(ARGV[6])
local over = redis.call('ZCARD', KEYS[1]) - max
if over > 0 then
  local dropped = redis.call('ZRANGE', KEYS[1], 0, over - 1)
  for _, id in ipairs(dropped) do redis.call('HDEL', KEYS[2], id) end
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
end
-- Pointers to dropped entries only cost a missed coalescing: start the index over rather than track them.
if redis.call('HLEN', KEYS[3]) > max then redis.call('DEL', KEYS[3]) end
return 'added'`;

/** KEYS: index, entries. ARGV: max score ('+inf' or '(<score>'), count. */
const PAGE = `
local ids = redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[1], '-inf', 'LIMIT', 0, tonumber(ARGV[2]))
if #ids == 0 then return {} end
return redis.call('HMGET', KEYS[2], unpack(ids))`;

const ADD_SCRIPT = defineScript({ name: 'activity.add', keys: 3, reply: oneOf('added', 'duplicate', 'older'), lua: ADD });
const PAGE_SCRIPT = defineScript({ name: 'activity.page', keys: 2, reply: arrayOf(either(isString, isNull)), lua: PAGE });

const COALESCING = new Set(['note.edited', 'note.moved', 'note.recolored']);
/** Sequence numbers within one millisecond above this share a score (never seen on one board's channel). */
const SEQ_SLOTS = 1000;

export class RedisActivityRepository extends ActivityRepository {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  async add(entry: ActivityEntry, max: number): Promise<void> {
    const coalescing = COALESCING.has(entry.kind) ? `${entry.kind}|${entry.noteId ?? ''}|${entry.actorId ?? ''}` : '';
    await ADD_SCRIPT.run(
      this.redis,
      [indexKey(entry.boardId), entriesKey(entry.boardId), latestKey(entry.boardId)],
      [JSON.stringify(entry), scoreOf(entry.id), coalescing, ACTIVITY_COALESCE_MS * SEQ_SLOTS, entry.id, max],
    );
  }

  async page(boardId: string, before: string | undefined, limit: number): Promise<ActivityPage> {
    const max = before === undefined ? '+inf' : `(${scoreOf(before)}`;
    const raw = await PAGE_SCRIPT.run(this.redis, [indexKey(boardId), entriesKey(boardId)], [max, limit + 1]);
    const entries = raw
      .slice(0, limit)
      .filter((json): json is string => json !== null)
      .map((json) => JSON.parse(json) as ActivityEntry);
    return raw.length > limit && entries.length > 0 ? { entries, nextBefore: entries[entries.length - 1].id } : { entries };
  }

  async deleteBoard(boardId: string): Promise<void> {
    await this.redis.del(indexKey(boardId), entriesKey(boardId), latestKey(boardId));
  }
}

/** An event id `<ms>-<seq>` as one exact double: ms × 1000 + seq stays below 2^53 for millennia. */
function scoreOf(id: string): number {
  const [ms, seq] = id.split('-').map(Number);
  return ms * SEQ_SLOTS + Math.min(seq, SEQ_SLOTS - 1);
}
