import type { RedisClient } from '../redis/redis-client';
import type { AppNotification } from '../../../contracts/chat';
import { oneOf } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import { NOTIFICATIONS_KEPT, NotificationsRepository } from './notifications.repository';

const itemsKey = (userId: string): string => `notifications:{${userId}}:items`;
const orderKey = (userId: string): string => `notifications:{${userId}}:order`;

/** KEYS: items, order. ARGV: id, JSON, kept. Adds, then forgets what falls off the end. */
const ADD = defineScript({
  name: 'notifications.add',
  keys: 2,
  reply: oneOf(1),
  lua: `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('LPUSH', KEYS[2], ARGV[1])
local dropped = redis.call('LRANGE', KEYS[2], tonumber(ARGV[3]), -1)
if #dropped > 0 then
  redis.call('HDEL', KEYS[1], unpack(dropped))
  redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]) - 1)
end
return 1`,
});

/** KEYS: items. ARGV: ids (none: all). */
const MARK_READ = defineScript({
  name: 'notifications.mark-read',
  keys: 1,
  reply: oneOf(1),
  lua: `
local ids = ARGV
if #ids == 0 then ids = redis.call('HKEYS', KEYS[1]) end
for _, id in ipairs(ids) do
  local raw = redis.call('HGET', KEYS[1], id)
  if raw then
    local item = cjson.decode(raw)
    item.read = true
    redis.call('HSET', KEYS[1], id, cjson.encode(item))
  end
end
return 1`,
});

export class RedisNotificationsRepository extends NotificationsRepository {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  async add(userId: string, notification: AppNotification): Promise<void> {
    await ADD.run(this.redis, [itemsKey(userId), orderKey(userId)], [notification.id, JSON.stringify(notification), NOTIFICATIONS_KEPT]);
  }

  async list(userId: string): Promise<AppNotification[]> {
    const ids = await this.redis.lrange(orderKey(userId), 0, -1);
    if (ids.length === 0) {
      return [];
    }
    const raws = await this.redis.hmget(itemsKey(userId), ...ids);
    return raws.filter((raw): raw is string => raw !== null).map((raw) => JSON.parse(raw) as AppNotification);
  }

  async markRead(userId: string, ids?: readonly string[]): Promise<void> {
    await MARK_READ.run(this.redis, [itemsKey(userId)], ids ?? []);
  }
}
