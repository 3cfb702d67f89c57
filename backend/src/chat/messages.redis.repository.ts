import type { RedisClient } from '../redis/redis-client';
import type { ChatMessage } from '../../../contracts/chat';
import { type AppConfig } from '../config/app-config';
import { arrayOf, isString, oneOf } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import { type Appended, MessagesRepository, UNREAD_CAP } from './messages.repository';

// One Redis Stream per room: ids are increasing and unique, retention is XADD MAXLEN ~.
const roomKey = (roomId: string): string => `chat:{${roomId}}:messages`;
const markersKey = (userId: string): string => `chat:{${userId}}:read`;

/** KEYS: markers. ARGV: room, message id. Moves the marker forward only. */
const SET_MARKER = defineScript({
  name: 'chat.set-read-marker',
  keys: 1,
  reply: oneOf(0, 1),
  lua: `
local current = redis.call('HGET', KEYS[1], ARGV[1])
local function parts(id)
  local dash = string.find(id, '-', 1, true)
  return tonumber(string.sub(id, 1, dash - 1)), tonumber(string.sub(id, dash + 1))
end
if current then
  local cm, cs = parts(current)
  local nm, ns = parts(ARGV[2])
  if nm < cm or (nm == cm and ns <= cs) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`,
});

/**
 * KEYS: room stream. ARGV: retention, message. Replies {id} or, when the XADD trimmed the stream,
 * {id, oldest kept id}: XLEN is O(1), so a message that trims nothing costs what a plain XADD does.
 */
const APPEND = defineScript({
  name: 'chat.append',
  keys: 1,
  reply: arrayOf(isString),
  lua: `
local before = redis.call('XLEN', KEYS[1])
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'm', ARGV[2])
if redis.call('XLEN', KEYS[1]) > before then return {id} end
local oldest = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
return {id, oldest[1][1]}`,
});

type Entry = [string, string[]];

export class RedisMessagesRepository extends MessagesRepository {
  private readonly redis: RedisClient;
  private readonly retention: number;

  constructor(redis: RedisService, config: AppConfig) {
    super();
    this.redis = redis.client;
    this.retention = config.chatRetention;
  }

  async store(input: Omit<ChatMessage, 'id'>): Promise<Appended> {
    const [id, oldestKept] = await APPEND.run(this.redis, [roomKey(input.roomId)], [this.retention, JSON.stringify(input)]);
    return oldestKept === undefined ? { message: { ...input, id } } : { message: { ...input, id }, oldestKept };
  }

  async page(roomId: string, before: string | undefined, limit: number): Promise<ChatMessage[]> {
    const entries = (await this.redis.xrevrange(
      roomKey(roomId),
      before === undefined ? '+' : `(${before}`,
      '-',
      'COUNT',
      limit,
    )) as Entry[];
    return entries.map(toMessage);
  }

  async last(roomId: string): Promise<ChatMessage | null> {
    return (await this.page(roomId, undefined, 1))[0] ?? null;
  }

  async countUnread(roomId: string, userId: string, after: string | undefined): Promise<number> {
    // Only the newest UNREAD_CAP messages can matter for a capped count of others' messages… almost:
    // own messages in between are skipped, so read a little more than the cap.
    const entries = (await this.redis.xrevrange(
      roomKey(roomId),
      '+',
      after === undefined ? '-' : `(${after}`,
      'COUNT',
      UNREAD_CAP * 2,
    )) as Entry[];
    return Math.min(UNREAD_CAP, entries.map(toMessage).filter((message) => message.userId !== userId).length);
  }

  async setReadMarker(userId: string, roomId: string, messageId: string): Promise<void> {
    await SET_MARKER.run(this.redis, [markersKey(userId)], [roomId, messageId]);
  }

  async readMarkers(userId: string, roomIds: readonly string[]): Promise<Map<string, string>> {
    if (roomIds.length === 0) {
      return new Map();
    }
    const values = await this.redis.hmget(markersKey(userId), ...roomIds);
    return new Map(roomIds.flatMap((roomId, index) => (values[index] ? [[roomId, values[index]]] : [])));
  }

  async find(roomId: string, messageId: string): Promise<ChatMessage | undefined> {
    const entries = (await this.redis.xrange(roomKey(roomId), messageId, messageId)) as Entry[];
    return entries.length > 0 ? toMessage(entries[0]) : undefined;
  }

  async delete(roomId: string, messageId: string): Promise<boolean> {
    return (await this.redis.xdel(roomKey(roomId), messageId)) === 1;
  }

  async deleteRoom(roomId: string): Promise<void> {
    await this.redis.del(roomKey(roomId));
  }
}

function toMessage([id, fields]: Entry): ChatMessage {
  const stored = JSON.parse(fields[fields.indexOf('m') + 1]) as Omit<ChatMessage, 'id'>;
  return { id, ...stored };
}
