import { ACTIVITY_COALESCE_MS } from '../../../contracts/activity';
import type { ActivityEntry, ActivityPage } from '../../../contracts/boards';
import type { RedisClient } from '../redis/redis-client';
import { oneOf } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import { ActivityRepository } from './activity.repository';

/** A board's feed: entries as JSON, scored by their event id (see scoreOf); under the board's hash tag. */
const feedKey = (boardId: string): string => `boards:{${boardId}}:activity`;

/**
 * KEYS: feed. ARGV: entry JSON, score, coalescing ('1' or ''), kind, note id, actor ('' for the
 * system), window (in score units), entry id, max entries. The same rules as addActivity: an
 * entry already stored, or older than the one it coalesces with, changes nothing.
 */
const ADD = `
local score = tonumber(ARGV[2])
local window = tonumber(ARGV[7])
local near = redis.call('ZRANGEBYSCORE', KEYS[1], score - window, score + window, 'WITHSCORES')
local replaced
for i = 1, #near, 2 do
  local entry = cjson.decode(near[i])
  if entry.id == ARGV[8] then return 'duplicate' end
  local actor = entry.actorId
  if actor == cjson.null or actor == nil then actor = '' end
  if ARGV[3] == '1' and entry.kind == ARGV[4] and entry.noteId == ARGV[5] and actor == ARGV[6] then
    if tonumber(near[i + 1]) > score then return 'older' end
    replaced = near[i]
  end
end
if replaced then redis.call('ZREM', KEYS[1], replaced) end
redis.call('ZADD', KEYS[1], score, ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[9]) - 1)
return 'added'`;

const ADD_SCRIPT = defineScript({ name: 'activity.add', keys: 1, reply: oneOf('added', 'duplicate', 'older'), lua: ADD });

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
    await ADD_SCRIPT.run(
      this.redis,
      [feedKey(entry.boardId)],
      [
        JSON.stringify(entry),
        scoreOf(entry.id),
        COALESCING.has(entry.kind) ? '1' : '',
        entry.kind,
        entry.noteId ?? '',
        entry.actorId ?? '',
        ACTIVITY_COALESCE_MS * SEQ_SLOTS,
        entry.id,
        max,
      ],
    );
  }

  async page(boardId: string, before: string | undefined, limit: number): Promise<ActivityPage> {
    const max = before === undefined ? '+inf' : `(${scoreOf(before)}`;
    const raw = await this.redis.zrevrangebyscore(feedKey(boardId), max, '-inf', 'LIMIT', 0, limit + 1);
    const entries = raw.slice(0, limit).map((json) => JSON.parse(json) as ActivityEntry);
    return raw.length > limit ? { entries, nextBefore: entries[entries.length - 1].id } : { entries };
  }

  async deleteBoard(boardId: string): Promise<void> {
    await this.redis.del(feedKey(boardId));
  }
}

/** An event id `<ms>-<seq>` as one exact double: ms × 1000 + seq stays below 2^53 for millennia. */
function scoreOf(id: string): number {
  const [ms, seq] = id.split('-').map(Number);
  return ms * SEQ_SLOTS + Math.min(seq, SEQ_SLOTS - 1);
}
