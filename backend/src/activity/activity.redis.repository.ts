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
 * KEYS: index, entries, latest. ARGV: window (in score units), max entries, then four per entry in
 * publish order: entry JSON, score, coalescing key ('' for none), entry id. Applies each entry as
 * addActivity does, one after the other, so a batch leaves the feed exactly as single adds would:
 * an entry already stored, or older than the one it coalesces with, changes nothing. Replies one
 * status per entry. Each step is O(log n): no entry is decoded.
 */
const ADD = `
local window = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local statuses = {}
for first = 3, #ARGV, 4 do
  local json, score, coalescing, id = ARGV[first], tonumber(ARGV[first + 1]), ARGV[first + 2], ARGV[first + 3]
  local status = 'added'
  if redis.call('HEXISTS', KEYS[2], id) == 1 then
    status = 'duplicate'
  else
    local keepLatest = false
    if coalescing ~= '' then
      local previous = redis.call('HGET', KEYS[3], coalescing)
      local previousScore = previous and redis.call('ZSCORE', KEYS[1], previous)
      if previousScore then
        previousScore = tonumber(previousScore)
        if previousScore > score then
          if previousScore - score <= window then status = 'older' end
          keepLatest = true
        elseif score - previousScore <= window then
          redis.call('ZREM', KEYS[1], previous)
          redis.call('HDEL', KEYS[2], previous)
        end
      end
    end
    if status == 'added' then
      redis.call('ZADD', KEYS[1], score, id)
      redis.call('HSET', KEYS[2], id, json)
      if coalescing ~= '' and not keepLatest then redis.call('HSET', KEYS[3], coalescing, id) end
      local over = redis.call('ZCARD', KEYS[1]) - max
      if over > 0 then
        local dropped = redis.call('ZRANGE', KEYS[1], 0, over - 1)
        for _, droppedId in ipairs(dropped) do redis.call('HDEL', KEYS[2], droppedId) end
        redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
      end
      -- Pointers to dropped entries only cost a missed coalescing: start the index over rather than track them.
      if redis.call('HLEN', KEYS[3]) > max then redis.call('DEL', KEYS[3]) end
    end
  end
  statuses[#statuses + 1] = status
end
return statuses`;

/** KEYS: index, entries. ARGV: max score ('+inf' or '(<score>'), count. */
const PAGE = `
local ids = redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[1], '-inf', 'LIMIT', 0, tonumber(ARGV[2]))
if #ids == 0 then return {} end
return redis.call('HMGET', KEYS[2], unpack(ids))`;

const ADD_SCRIPT = defineScript({ name: 'activity.add-many', keys: 3, reply: arrayOf(oneOf('added', 'duplicate', 'older')), lua: ADD });
const PAGE_SCRIPT = defineScript({ name: 'activity.page', keys: 2, reply: arrayOf(either(isString, isNull)), lua: PAGE });

const COALESCING = new Set(['note.edited', 'note.moved', 'note.recolored']);
/** Sequence numbers within one millisecond above this share a score (never seen on one board's channel). */
const SEQ_SLOTS = 1000;
/** Entries one script call applies at most, so one busy board cannot hold Redis for long. */
const MAX_BATCH = 200;

interface PendingAdd {
  entry: ActivityEntry;
  max: number;
  settle: (error?: Error) => void;
}

/**
 * Feed writes go out as one script call per board at a time: while a board's call is in flight, its
 * next entries wait and then go together. A busy board (every edit of every note is an entry) then
 * costs Redis one call per round trip instead of one per event, and the publish path shares the
 * connection with far fewer commands; a quiet board's entry still goes out at once.
 */
export class RedisActivityRepository extends ActivityRepository {
  private readonly redis: RedisClient;
  private readonly waiting = new Map<string, PendingAdd[]>();
  private readonly writing = new Set<string>();

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  add(entry: ActivityEntry, max: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const settle = (error?: Error): void => (error === undefined ? resolve() : reject(error));
      const queue = this.waiting.get(entry.boardId);
      if (queue) {
        queue.push({ entry, max, settle });
      } else {
        this.waiting.set(entry.boardId, [{ entry, max, settle }]);
      }
      if (!this.writing.has(entry.boardId)) {
        void this.write(entry.boardId);
      }
    });
  }

  /** Writes the board's waiting entries, then whatever arrived meanwhile, until none wait. */
  private async write(boardId: string): Promise<void> {
    this.writing.add(boardId);
    try {
      for (let batch = this.take(boardId); batch.length > 0; batch = this.take(boardId)) {
        try {
          const args: (string | number)[] = [ACTIVITY_COALESCE_MS * SEQ_SLOTS, Math.min(...batch.map((pending) => pending.max))];
          for (const { entry } of batch) {
            const coalescing = COALESCING.has(entry.kind) ? `${entry.kind}|${entry.noteId ?? ''}|${entry.actorId ?? ''}` : '';
            args.push(JSON.stringify(entry), scoreOf(entry.id), coalescing, entry.id);
          }
          await ADD_SCRIPT.run(this.redis, [indexKey(boardId), entriesKey(boardId), latestKey(boardId)], args);
          batch.forEach((pending) => pending.settle());
        } catch (error) {
          const failure = error instanceof Error ? error : new Error('Writing the activity feed failed');
          batch.forEach((pending) => pending.settle(failure));
        }
      }
    } finally {
      this.writing.delete(boardId);
    }
  }

  private take(boardId: string): PendingAdd[] {
    const queue = this.waiting.get(boardId);
    if (!queue) {
      return [];
    }
    const batch = queue.splice(0, MAX_BATCH);
    if (queue.length === 0) {
      this.waiting.delete(boardId);
    }
    return batch;
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
