import type { Device } from '../../../contracts/encryption';
import type { RedisClient } from '../redis/redis-client';
import { oneOf } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import { byCreation, deviceKeysFingerprint, DevicesRepository, type PublishOutcome } from './devices.repository';

// All on the owner's slot: the scripts read and write them together.
const devicesKey = (userId: string): string => `users:{${userId}}:devices`;
const fingerprintsKey = (userId: string): string => `users:{${userId}}:device-keys`;
const retiredKey = (userId: string): string => `users:{${userId}}:retired-devices`;
// Retired device ids scored by removal time: the lowest are forgotten past the cap.
const retiredOrderKey = (userId: string): string => `users:{${userId}}:retired-devices:order`;

// Check-and-add in one step, so two tabs publishing at once can't pass the cap, swap keys or revive a retired id.
const PUBLISH = defineScript({
  name: 'devices.publish',
  keys: 3,
  reply: oneOf('created', 'unchanged', 'keys_differ', 'full', 'retired'),
  lua: `
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then return 'retired' end
local known = redis.call('HGET', KEYS[2], ARGV[1])
if known then
  if known == ARGV[2] then return 'unchanged' end
  return 'keys_differ'
end
if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[4]) then return 'full' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 'created'`,
});

// Move and cap in one step: two removals at once retire the device once, and the cap holds.
const RETIRE = defineScript({
  name: 'devices.retire',
  keys: 4,
  reply: oneOf(0, 1),
  lua: `
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
local excess = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[4])
if excess > 0 then
  local forgotten = redis.call('ZRANGE', KEYS[4], 0, excess - 1)
  redis.call('HDEL', KEYS[3], unpack(forgotten))
  redis.call('ZREMRANGEBYRANK', KEYS[4], 0, excess - 1)
end
return 1`,
});

export class RedisDevicesRepository extends DevicesRepository {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  publish(device: Device, maxDevices: number): Promise<PublishOutcome> {
    return PUBLISH.run(
      this.redis,
      [devicesKey(device.userId), fingerprintsKey(device.userId), retiredKey(device.userId)],
      [device.id, deviceKeysFingerprint(device), JSON.stringify(device), maxDevices],
    );
  }

  list(userId: string): Promise<Device[]> {
    return this.devicesIn(devicesKey(userId));
  }

  listRetired(userId: string): Promise<Device[]> {
    return this.devicesIn(retiredKey(userId));
  }

  async find(userId: string, deviceId: string): Promise<Device | undefined> {
    const raw = await this.redis.hget(devicesKey(userId), deviceId);
    return raw === null ? undefined : (JSON.parse(raw) as Device);
  }

  async retire(userId: string, deviceId: string, removedAt: string, keepRetired: number): Promise<boolean> {
    // A device never changes once published, so the copy read here is the one the script moves.
    const device = await this.find(userId, deviceId);
    if (!device) {
      return false;
    }
    const moved = await RETIRE.run(
      this.redis,
      [devicesKey(userId), fingerprintsKey(userId), retiredKey(userId), retiredOrderKey(userId)],
      [deviceId, JSON.stringify({ ...device, removedAt }), Date.parse(removedAt), keepRetired],
    );
    return moved === 1;
  }

  private async devicesIn(key: string): Promise<Device[]> {
    const stored = await this.redis.hvals(key);
    return stored.map((raw) => JSON.parse(raw) as Device).sort(byCreation);
  }
}
