import type { Device } from '../../../contracts/encryption';
import type { RedisClient } from '../redis/redis-client';
import { oneOf } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import { byCreation, deviceKeysFingerprint, DevicesRepository, type PublishOutcome } from './devices.repository';

// Both on the owner's slot: the publish script reads and writes them together.
const devicesKey = (userId: string): string => `users:{${userId}}:devices`;
const fingerprintsKey = (userId: string): string => `users:{${userId}}:device-keys`;

// Check-and-add in one step, so two tabs publishing at once can't pass the cap or swap keys.
const PUBLISH = defineScript({
  name: 'devices.publish',
  keys: 2,
  reply: oneOf('created', 'unchanged', 'keys_differ', 'full'),
  lua: `
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

export class RedisDevicesRepository extends DevicesRepository {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  publish(device: Device, maxDevices: number): Promise<PublishOutcome> {
    return PUBLISH.run(
      this.redis,
      [devicesKey(device.userId), fingerprintsKey(device.userId)],
      [device.id, deviceKeysFingerprint(device), JSON.stringify(device), maxDevices],
    );
  }

  async list(userId: string): Promise<Device[]> {
    const stored = await this.redis.hvals(devicesKey(userId));
    return stored.map((raw) => JSON.parse(raw) as Device).sort(byCreation);
  }

  async find(userId: string, deviceId: string): Promise<Device | undefined> {
    const raw = await this.redis.hget(devicesKey(userId), deviceId);
    return raw === null ? undefined : (JSON.parse(raw) as Device);
  }

  async remove(userId: string, deviceId: string): Promise<boolean> {
    // One slot: a MULTI keeps the two hashes in step.
    const results = await this.redis.multi().hdel(devicesKey(userId), deviceId).hdel(fingerprintsKey(userId), deviceId).exec();
    return results?.[0]?.[1] === 1;
  }
}
