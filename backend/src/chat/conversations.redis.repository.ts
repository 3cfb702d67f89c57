import type { RedisClient } from '../redis/redis-client';
import { either, isNull, isString, oneOf } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import {
  type ConversationRecord,
  ConversationsRepository,
  participantsKey,
  type RemoveParticipantOutcome,
} from './conversations.repository';

// A global singleton on its own slot (its name is kept from before the cluster work, so existing
// deployments keep their data). Not hot: one HGET per find-or-create, one HSETNX per new conversation.
const INDEX = '{conversations}:by-participants';
// Each record on the conversation's own slot, so conversations spread over the cluster.
const recordKey = (id: string): string => `conversations:{${id}}`;
const userKey = (userId: string): string => `user-conversations:{${userId}}`;

// Check and remove on the record in one step: of two people leaving a group of three, one stays.
// Replies the record as it was, so the caller can drop its index entry, or a refusal.
const REMOVE_PARTICIPANT = defineScript({
  name: 'conversations.remove-participant',
  keys: 1,
  reply: either(isNull, oneOf('too_few'), isString),
  lua: `
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local record = cjson.decode(raw)
local kept = {}
for _, id in ipairs(record.participantIds) do
  if id ~= ARGV[1] then table.insert(kept, id) end
end
if #kept == #record.participantIds then return false end
if #kept < tonumber(ARGV[2]) then return 'too_few' end
record.participantIds = kept
redis.call('SET', KEYS[1], cjson.encode(record))
return raw`,
});

export class RedisConversationsRepository extends ConversationsRepository {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  async findOrCreate(candidate: ConversationRecord): Promise<{ conversation: ConversationRecord; created: boolean }> {
    const record = { ...candidate, participantIds: [...candidate.participantIds].sort() };
    const participants = participantsKey(record.participantIds);
    const existing = await this.redis.hget(INDEX, participants);
    if (existing !== null) {
      return { conversation: (await this.find(existing))!, created: false };
    }
    // The record first, then the claim (HSETNX: of racing pods exactly one wins). The index never
    // points at a record not written yet; a loser takes its unclaimed record back.
    await this.redis.set(recordKey(record.id), JSON.stringify(record));
    if ((await this.redis.hsetnx(INDEX, participants, record.id)) !== 1) {
      await this.redis.del(recordKey(record.id));
      const winner = (await this.redis.hget(INDEX, participants))!;
      return { conversation: (await this.find(winner))!, created: false };
    }
    const score = Date.parse(record.createdAt);
    await Promise.all(record.participantIds.map((userId) => this.redis.zadd(userKey(userId), score, record.id)));
    return { conversation: record, created: true };
  }

  async find(id: string): Promise<ConversationRecord | undefined> {
    const raw = await this.redis.get(recordKey(id));
    return raw === null ? undefined : (JSON.parse(raw) as ConversationRecord);
  }

  async listFor(userId: string): Promise<ConversationRecord[]> {
    const ids = await this.redis.zrevrange(userKey(userId), 0, -1);
    const records = await Promise.all(ids.map((id) => this.find(id)));
    return records.filter((record): record is ConversationRecord => record !== undefined);
  }

  async removeParticipant(id: string, userId: string, keepAtLeast: number): Promise<RemoveParticipantOutcome> {
    const before = await REMOVE_PARTICIPANT.run(this.redis, [recordKey(id)], [userId, keepAtLeast]);
    if (before === null) {
      return { result: 'absent' };
    }
    if (before === 'too_few') {
      return { result: 'too_few' };
    }
    const old = JSON.parse(before) as ConversationRecord;
    const participants = participantsKey(old.participantIds);
    // The old set of people no longer finds this conversation (a global key: touched alone).
    if ((await this.redis.hget(INDEX, participants)) === id) {
      await this.redis.hdel(INDEX, participants);
    }
    await this.redis.zrem(userKey(userId), id);
    return {
      result: 'removed',
      conversation: { ...old, participantIds: old.participantIds.filter((participant) => participant !== userId) },
    };
  }
}
