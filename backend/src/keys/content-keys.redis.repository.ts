import type { WrappedKey } from '../../../contracts/encryption';
import type { RedisClient } from '../redis/redis-client';
import { arrayOf, isInteger, isString, oneOf } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import {
  byKeyCreation,
  type ContentKeyMeta,
  type ContentKeyState,
  ContentKeysRepository,
  type CreateKeyOutcome,
  type KeyWrappedForDevice,
} from './content-keys.repository';

// All on the conversation's slot (its hash tag), so each script below stays on one slot.
/** Hash: current (key id), rotation ('1' when a new key is needed). */
const stateKey = (conversationId: string): string => `conversations:{${conversationId}}:key-state`;
/** Hash: key id → ContentKeyMeta JSON. */
const keysKey = (conversationId: string): string => `conversations:{${conversationId}}:keys`;
/** Hash: `<deviceId>:<keyId>` → WrappedKey JSON. */
const wrapsKey = (conversationId: string): string => `conversations:{${conversationId}}:wraps`;
const wrapField = (deviceId: string, keyId: string): string => `${deviceId}:${keyId}`;

const CREATE = defineScript({
  name: 'content-keys.create',
  keys: 3,
  reply: oneOf('created', 'stale', 'exists'),
  lua: `
local current = redis.call('HGET', KEYS[1], 'current') or ''
if current ~= ARGV[1] then return 'stale' end
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 'exists' end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
for i = 4, #ARGV, 2 do
  redis.call('HSET', KEYS[3], ARGV[i] .. ':' .. ARGV[2], ARGV[i + 1])
end
redis.call('HSET', KEYS[1], 'current', ARGV[2], 'rotation', '0')
return 'created'`,
});

const ADD_WRAPS = defineScript({
  name: 'content-keys.add-wraps',
  keys: 2,
  reply: arrayOf(isString),
  lua: `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return {} end
local added = {}
for i = 2, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[2], ARGV[i] .. ':' .. ARGV[1], ARGV[i + 1]) == 1 then
    table.insert(added, ARGV[i])
  end
end
return added`,
});

// Reads the current key and marks it in one step: a key created meanwhile is not marked by mistake.
const MARK_ROTATION = defineScript({
  name: 'content-keys.mark-rotation',
  keys: 2,
  reply: isInteger,
  lua: `
local current = redis.call('HGET', KEYS[1], 'current')
if not current then return 0 end
if redis.call('HEXISTS', KEYS[2], ARGV[1] .. ':' .. current) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'rotation', '1')
return 1`,
});

const REQUIRE_ROTATION = defineScript({
  name: 'content-keys.require-rotation',
  keys: 1,
  reply: isInteger,
  lua: `
if redis.call('HEXISTS', KEYS[1], 'current') == 0 then return 0 end
redis.call('HSET', KEYS[1], 'rotation', '1')
return 1`,
});

export class RedisContentKeysRepository extends ContentKeysRepository {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  async state(conversationId: string): Promise<ContentKeyState> {
    const [current, rotation] = await this.redis.hmget(stateKey(conversationId), 'current', 'rotation');
    return { currentKeyId: current, rotationNeeded: rotation === '1' };
  }

  create(conversationId: string, previousKeyId: string | null, meta: ContentKeyMeta, wraps: WrappedKey[]): Promise<CreateKeyOutcome> {
    return CREATE.run(
      this.redis,
      [stateKey(conversationId), keysKey(conversationId), wrapsKey(conversationId)],
      [previousKeyId ?? '', meta.keyId, JSON.stringify(meta), ...wraps.flatMap((wrap) => [wrap.deviceId, JSON.stringify(wrap)])],
    );
  }

  async find(conversationId: string, keyId: string): Promise<ContentKeyMeta | undefined> {
    const raw = await this.redis.hget(keysKey(conversationId), keyId);
    return raw === null ? undefined : (JSON.parse(raw) as ContentKeyMeta);
  }

  addWraps(conversationId: string, keyId: string, wraps: WrappedKey[]): Promise<string[]> {
    return ADD_WRAPS.run(
      this.redis,
      [keysKey(conversationId), wrapsKey(conversationId)],
      [keyId, ...wraps.flatMap((wrap) => [wrap.deviceId, JSON.stringify(wrap)])],
    );
  }

  async forDevice(conversationId: string, deviceId: string): Promise<KeyWrappedForDevice[]> {
    const metas = await this.metas(conversationId);
    if (metas.length === 0) {
      return [];
    }
    const wraps = await this.redis.hmget(wrapsKey(conversationId), ...metas.map((meta) => wrapField(deviceId, meta.keyId)));
    return metas.flatMap((meta, index) => {
      const raw = wraps[index];
      return raw === null ? [] : [{ ...meta, wrapped: JSON.parse(raw) as WrappedKey }];
    });
  }

  async keyIds(conversationId: string): Promise<string[]> {
    return (await this.metas(conversationId)).map((meta) => meta.keyId);
  }

  async markRotationNeeded(conversationId: string, deviceId: string): Promise<boolean> {
    return (await MARK_ROTATION.run(this.redis, [stateKey(conversationId), wrapsKey(conversationId)], [deviceId])) === 1;
  }

  async requireRotation(conversationId: string): Promise<boolean> {
    return (await REQUIRE_ROTATION.run(this.redis, [stateKey(conversationId)])) === 1;
  }

  private async metas(conversationId: string): Promise<ContentKeyMeta[]> {
    const stored = await this.redis.hvals(keysKey(conversationId));
    return stored.map((raw) => JSON.parse(raw) as ContentKeyMeta).sort(byKeyCreation);
  }
}
