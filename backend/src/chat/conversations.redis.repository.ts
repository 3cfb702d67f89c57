import type { RedisClient } from '../redis/redis-client';
import { isString, oneOf, tuple } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import { type ConversationRecord, ConversationsRepository, participantsKey } from './conversations.repository';

// The participants index and the records share one hash tag so find-or-create is one atomic script.
const INDEX = '{conversations}:by-participants';
const recordKey = (id: string): string => `{conversations}:${id}`;
const userKey = (userId: string): string => `user-conversations:{${userId}}`;

/** KEYS: index, record. ARGV: participants key, id, JSON. Returns the id that holds the set. */
const FIND_OR_CREATE = defineScript({
  name: 'conversations.find-or-create',
  keys: 2,
  reply: tuple(isString, oneOf(0, 1)),
  lua: `
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then return {existing, 0} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[3])
return {ARGV[2], 1}`,
});

export class RedisConversationsRepository extends ConversationsRepository {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  async findOrCreate(candidate: ConversationRecord): Promise<{ conversation: ConversationRecord; created: boolean }> {
    const record = { ...candidate, participantIds: [...candidate.participantIds].sort() };
    const [id, created] = await FIND_OR_CREATE.run(
      this.redis,
      [INDEX, recordKey(record.id)],
      [participantsKey(record.participantIds), record.id, JSON.stringify(record)],
    );
    if (created === 1) {
      const score = Date.parse(record.createdAt);
      await Promise.all(record.participantIds.map((userId) => this.redis.zadd(userKey(userId), score, record.id)));
      return { conversation: record, created: true };
    }
    return { conversation: (await this.find(id))!, created: false };
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
}
