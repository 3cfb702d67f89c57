import type { RedisClient } from '../redis/redis-client';
import { arrayOf, either, isInteger, isNull, isString, oneOf } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import { type AttachmentRecord, AttachmentsRepository, type ClaimOutcome } from './attachments.repository';

// Each record on its own slot; a room's index on the room's slot (beside its chat stream).
const recordKey = (id: string): string => `attachments:{${id}}`;
const roomKey = (roomId: string): string => `attachments:{${roomId}}:ids`;
/** Members `<message id> <attachment id>` scored by the message id's ms, so a trim reads only its range. */
const carriedKey = (roomId: string): string => `attachments:{${roomId}}:carried`;
const quotaKey = (userId: string): string => `users:{${userId}}:attachment-bytes`;
/** Global: one ZADD per upload, one ZREM per send or delete, one bounded read per pod sweep. */
export const UNSENT_KEY = 'attachments:{attachments}:unsent';

/** KEYS: record. ARGV: uploader, room. */
const CLAIM = defineScript({
  name: 'attachments.claim',
  keys: 1,
  reply: oneOf('claimed', 'unusable', 'already_sent'),
  lua: `
local v = redis.call('HMGET', KEYS[1], 'uploader', 'room', 'sent')
if not v[1] or v[1] ~= ARGV[1] or v[2] ~= ARGV[2] then return 'unusable' end
if v[3] == '1' then return 'already_sent' end
redis.call('HSET', KEYS[1], 'sent', '1')
return 'claimed'`,
});

/** KEYS: record. */
const UNCLAIM = defineScript({
  name: 'attachments.unclaim',
  keys: 1,
  reply: oneOf(0, 1),
  lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'sent', '0')
return 1`,
});

/** KEYS: record. ARGV: "any" or "unsent". Replies with the deleted record's metadata, or nil. */
const DELETE = defineScript({
  name: 'attachments.delete',
  keys: 1,
  reply: either(isString, isNull),
  lua: `
local v = redis.call('HMGET', KEYS[1], 'meta', 'sent')
if not v[1] then return false end
if ARGV[1] == 'unsent' and v[2] == '1' then return false end
redis.call('DEL', KEYS[1])
return v[1]`,
});

/** KEYS: carried index. ARGV: "all", or the ms and seq of the oldest message kept. Replies the removed attachment ids. */
const TAKE_CARRIED = defineScript({
  name: 'attachments.take-carried',
  keys: 1,
  reply: arrayOf(isString),
  lua: `
local all = ARGV[1] == 'all'
local ms, seq = tonumber(ARGV[1]), tonumber(ARGV[2])
local members = all and redis.call('ZRANGE', KEYS[1], 0, -1) or redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local taken = {}
for _, member in ipairs(members) do
  local m, s, id = string.match(member, '^(%d+)-(%d+) (.+)$')
  if all or tonumber(m) < ms or (tonumber(m) == ms and tonumber(s) < seq) then
    redis.call('ZREM', KEYS[1], member)
    taken[#taken + 1] = id
  end
end
return taken`,
});

/** KEYS: usage. ARGV: bytes, quota. */
const RESERVE = defineScript({
  name: 'attachments.reserve-quota',
  keys: 1,
  reply: oneOf(0, 1),
  lua: `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used + tonumber(ARGV[1]) > tonumber(ARGV[2]) then return 0 end
redis.call('INCRBY', KEYS[1], ARGV[1])
return 1`,
});

/** KEYS: usage. ARGV: bytes. Never below zero. */
const RELEASE = defineScript({
  name: 'attachments.release-quota',
  keys: 1,
  reply: isInteger,
  lua: `
local left = redis.call('DECRBY', KEYS[1], ARGV[1])
if left <= 0 then redis.call('DEL', KEYS[1]) end
return 1`,
});

type Meta = Omit<AttachmentRecord, 'sent'>;

export class RedisAttachmentsRepository extends AttachmentsRepository {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  async create(record: AttachmentRecord, unsentUntilMs: number): Promise<void> {
    const { sent, ...meta } = record;
    await this.redis.hset(recordKey(record.id), {
      meta: JSON.stringify(meta),
      uploader: record.uploaderId,
      room: record.roomId,
      sent: sent ? '1' : '0',
    });
    await this.redis.sadd(roomKey(record.roomId), record.id);
    if (!sent) {
      await this.redis.zadd(UNSENT_KEY, unsentUntilMs, record.id);
    }
  }

  async find(id: string): Promise<AttachmentRecord | undefined> {
    const [meta, sent] = await this.redis.hmget(recordKey(id), 'meta', 'sent');
    return meta === null ? undefined : { ...(JSON.parse(meta) as Meta), sent: sent === '1' };
  }

  async claim(id: string, uploaderId: string, roomId: string): Promise<ClaimOutcome> {
    const outcome = await CLAIM.run(this.redis, [recordKey(id)], [uploaderId, roomId]);
    if (outcome === 'claimed') {
      await this.redis.zrem(UNSENT_KEY, id);
    }
    return outcome;
  }

  async unclaim(id: string, unsentUntilMs: number): Promise<void> {
    if ((await UNCLAIM.run(this.redis, [recordKey(id)])) === 1) {
      await this.redis.zadd(UNSENT_KEY, unsentUntilMs, id);
    }
  }

  async delete(id: string): Promise<AttachmentRecord | undefined> {
    return this.remove(id, 'any');
  }

  async deleteIfUnsent(id: string): Promise<AttachmentRecord | undefined> {
    return this.remove(id, 'unsent');
  }

  async idsInRoom(roomId: string): Promise<string[]> {
    return this.redis.smembers(roomKey(roomId));
  }

  async carry(roomId: string, messageId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) {
      return;
    }
    const ms = Number(messageId.slice(0, messageId.indexOf('-')));
    await this.redis.zadd(carriedKey(roomId), ...ids.flatMap((id) => [ms, `${messageId} ${id}`]));
  }

  async takeCarriedBefore(roomId: string, messageId?: string): Promise<string[]> {
    const args = messageId === undefined ? ['all'] : messageId.split('-');
    return TAKE_CARRIED.run(this.redis, [carriedKey(roomId)], args);
  }

  async dueUnsent(nowMs: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(UNSENT_KEY, '-inf', nowMs, 'LIMIT', 0, limit);
  }

  async reserveQuota(userId: string, bytes: number, quotaBytes: number): Promise<boolean> {
    return (await RESERVE.run(this.redis, [quotaKey(userId)], [bytes, quotaBytes])) === 1;
  }

  async releaseQuota(userId: string, bytes: number): Promise<void> {
    await RELEASE.run(this.redis, [quotaKey(userId)], [bytes]);
  }

  async usedQuota(userId: string): Promise<number> {
    return Number((await this.redis.get(quotaKey(userId))) ?? 0);
  }

  private async remove(id: string, which: 'any' | 'unsent'): Promise<AttachmentRecord | undefined> {
    const meta = await DELETE.run(this.redis, [recordKey(id)], [which]);
    if (meta === null) {
      if (which === 'unsent') {
        // Sent meanwhile (or gone): either way no longer due.
        await this.redis.zrem(UNSENT_KEY, id);
      }
      return undefined;
    }
    const record: AttachmentRecord = { ...(JSON.parse(meta) as Meta), sent: which !== 'unsent' };
    await this.redis.srem(roomKey(record.roomId), id);
    await this.redis.zrem(UNSENT_KEY, id);
    return record;
  }
}
