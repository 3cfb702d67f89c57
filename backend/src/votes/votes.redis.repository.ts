import type { RedisClient } from '../redis/redis-client';
import { isString } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import type { RedisService } from '../redis/redis.service';
import { type DotOutcome, type EndOutcome, type NewVote, type StartOutcome, VotesRepository, type VoteSnapshot } from './votes.repository';

// All under the board's hash tag, so each script below stays on one cluster slot.
interface VoteKeys {
  /** The vote as JSON (VoteRecord). */
  vote: string;
  /** Member id → their dots as JSON (note id → count); a member with none has no field. */
  mine: string;
  /** Note id → its dots; a note with none has no field. */
  results: string;
  /** The board's revision counter: outlives its votes, so revisions never go back. */
  revision: string;
}

const keysOf = (boardId: string): VoteKeys => ({
  vote: `votes:{${boardId}}`,
  mine: `votes:{${boardId}}:mine`,
  results: `votes:{${boardId}}:results`,
  revision: `votes:{${boardId}}:revision`,
});

const COUNTS = `
local function counts(key)
  local flat = redis.call('HGETALL', key)
  local out = {}
  for i = 1, #flat, 2 do out[flat[i]] = tonumber(flat[i + 1]) end
  return out
end
local function mineOf(key, userId)
  local raw = redis.call('HGET', key, userId)
  if raw then return cjson.decode(raw) end
  return {}
end`;

/** KEYS: vote, mine, results, revision. ARGV: the new vote's JSON (NewVote). */
const START = `
local raw = redis.call('GET', KEYS[1])
if raw then
  local current = cjson.decode(raw)
  if current.status == 'running' then return cjson.encode({kind = 'running', vote = current}) end
end
redis.call('DEL', KEYS[2], KEYS[3])
local vote = cjson.decode(ARGV[1])
vote.status = 'running'
vote.totalDots = 0
vote.voters = 0
vote.revision = redis.call('INCR', KEYS[4])
redis.call('SET', KEYS[1], cjson.encode(vote))
return cjson.encode({kind = 'started', vote = vote})`;

/** KEYS: vote, mine, results. ARGV: member id. */
const FIND = `${COUNTS}
local raw = redis.call('GET', KEYS[1])
if not raw then return cjson.encode({kind = 'missing'}) end
return cjson.encode({kind = 'ok', vote = cjson.decode(raw), myDots = mineOf(KEYS[2], ARGV[1]), results = counts(KEYS[3])})`;

/** KEYS: vote, mine, results, revision. ARGV: member id, note id, +1 or -1. */
const CHANGE_DOTS = `${COUNTS}
local raw = redis.call('GET', KEYS[1])
if not raw then return cjson.encode({kind = 'missing'}) end
local vote = cjson.decode(raw)
if vote.status ~= 'running' then return cjson.encode({kind = 'ended', voteId = vote.id}) end
local userId, noteId, delta = ARGV[1], ARGV[2], tonumber(ARGV[3])
local mine = mineOf(KEYS[2], userId)
local used = 0
for _, dots in pairs(mine) do used = used + dots end
local onNote = mine[noteId] or 0
if delta > 0 and used >= vote.dotsPerUser then return cjson.encode({kind = 'no_dots_left', dotsPerUser = vote.dotsPerUser}) end
if delta < 0 and onNote <= 0 then return cjson.encode({kind = 'no_dot_here'}) end
if onNote + delta > 0 then mine[noteId] = onNote + delta else mine[noteId] = nil end
if used + delta > 0 then
  redis.call('HSET', KEYS[2], userId, cjson.encode(mine))
else
  redis.call('HDEL', KEYS[2], userId)
end
local noteTotal = redis.call('HINCRBY', KEYS[3], noteId, delta)
if noteTotal <= 0 then redis.call('HDEL', KEYS[3], noteId) end
vote.totalDots = vote.totalDots + delta
vote.voters = redis.call('HLEN', KEYS[2])
vote.revision = redis.call('INCR', KEYS[4])
redis.call('SET', KEYS[1], cjson.encode(vote))
return cjson.encode({kind = 'ok', vote = vote, myDots = mine, results = counts(KEYS[3]), noteTotal = noteTotal})`;

/** KEYS: vote, results, revision. ARGV: vote id, end time. */
const END = `${COUNTS}
local raw = redis.call('GET', KEYS[1])
if not raw then return cjson.encode({kind = 'missing'}) end
local vote = cjson.decode(raw)
if vote.id ~= ARGV[1] then return cjson.encode({kind = 'missing'}) end
if vote.status ~= 'running' then return cjson.encode({kind = 'already_ended'}) end
vote.status = 'ended'
vote.endedAt = ARGV[2]
vote.revision = redis.call('INCR', KEYS[3])
redis.call('SET', KEYS[1], cjson.encode(vote))
return cjson.encode({kind = 'ended', vote = vote, results = counts(KEYS[2])})`;

/** KEYS: vote, mine, results, revision. ARGV: vote id. */
const CLEAR = `
local raw = redis.call('GET', KEYS[1])
if not raw or cjson.decode(raw).id ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('INCR', KEYS[4])
return 1`;

const START_SCRIPT = defineScript({ name: 'votes.start', keys: 4, reply: isString, lua: START });
const FIND_SCRIPT = defineScript({ name: 'votes.find', keys: 3, reply: isString, lua: FIND });
const CHANGE_DOTS_SCRIPT = defineScript({ name: 'votes.change-dots', keys: 4, reply: isString, lua: CHANGE_DOTS });
const END_SCRIPT = defineScript({ name: 'votes.end', keys: 3, reply: isString, lua: END });
const CLEAR_SCRIPT = defineScript({
  name: 'votes.clear',
  keys: 4,
  reply: (reply): reply is 0 | 1 => reply === 0 || reply === 1,
  lua: CLEAR,
});

export class RedisVotesRepository extends VotesRepository {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  async start(vote: NewVote): Promise<StartOutcome> {
    const keys = keysOf(vote.boardId);
    return parse(await START_SCRIPT.run(this.redis, [keys.vote, keys.mine, keys.results, keys.revision], [JSON.stringify(vote)]));
  }

  async find(boardId: string, userId: string): Promise<VoteSnapshot | undefined> {
    const keys = keysOf(boardId);
    const reply = parse<{ kind: 'missing' } | ({ kind: 'ok' } & VoteSnapshot)>(
      await FIND_SCRIPT.run(this.redis, [keys.vote, keys.mine, keys.results], [userId]),
    );
    return reply.kind === 'ok' ? { vote: reply.vote, myDots: reply.myDots, results: reply.results } : undefined;
  }

  async changeDots(boardId: string, userId: string, noteId: string, delta: 1 | -1): Promise<DotOutcome> {
    const keys = keysOf(boardId);
    const reply = parse<Exclude<DotOutcome, { kind: 'ok' }> | ({ kind: 'ok'; noteTotal: number } & VoteSnapshot)>(
      await CHANGE_DOTS_SCRIPT.run(this.redis, [keys.vote, keys.mine, keys.results, keys.revision], [userId, noteId, delta]),
    );
    if (reply.kind !== 'ok') {
      return reply;
    }
    return { kind: 'ok', snapshot: { vote: reply.vote, myDots: reply.myDots, results: reply.results }, noteTotal: reply.noteTotal };
  }

  async end(boardId: string, voteId: string, endedAt: string): Promise<EndOutcome> {
    const keys = keysOf(boardId);
    return parse(await END_SCRIPT.run(this.redis, [keys.vote, keys.results, keys.revision], [voteId, endedAt]));
  }

  async clear(boardId: string, voteId: string): Promise<boolean> {
    const keys = keysOf(boardId);
    return (await CLEAR_SCRIPT.run(this.redis, [keys.vote, keys.mine, keys.results, keys.revision], [voteId])) === 1;
  }

  async deleteBoard(boardId: string): Promise<void> {
    const keys = keysOf(boardId);
    await this.redis.del(keys.vote, keys.mine, keys.results, keys.revision);
  }
}

/** The scripts answer JSON they built themselves from the shapes above. */
function parse<T>(reply: string): T {
  return JSON.parse(reply) as T;
}
