import type { BoardTimer } from '../../../contracts/facilitation';
import type { RedisClient } from '../redis/redis-client';
import { oneOf } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import type { RedisService } from '../redis/redis.service';
import { TimerRepository } from './timer.repository';

// Under the board's hash tag, beside its other keys.
const timerKey = (boardId: string): string => `timer:{${boardId}}`;

/** A timer left alone this long is forgotten (the board shows the default again). */
const TIMER_TTL_MS = 30 * 24 * 3600_000;

/** KEYS: timer. ARGV: expected revision, next timer JSON, TTL ms. */
const REPLACE = `
local raw = redis.call('GET', KEYS[1])
local revision = 0
if raw then revision = cjson.decode(raw).revision end
if revision ~= tonumber(ARGV[1]) then return 'stale' end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 'ok'`;

const REPLACE_SCRIPT = defineScript({ name: 'timer.replace', keys: 1, reply: oneOf('ok', 'stale'), lua: REPLACE });

export class RedisTimerRepository extends TimerRepository {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  async find(boardId: string): Promise<BoardTimer | undefined> {
    const raw = await this.redis.get(timerKey(boardId));
    return raw === null ? undefined : (JSON.parse(raw) as BoardTimer);
  }

  async replace(boardId: string, expectedRevision: number, next: BoardTimer): Promise<boolean> {
    return (await REPLACE_SCRIPT.run(this.redis, [timerKey(boardId)], [expectedRevision, JSON.stringify(next), TIMER_TTL_MS])) === 'ok';
  }

  async delete(boardId: string): Promise<void> {
    await this.redis.del(timerKey(boardId));
  }
}
