import type { RedisClient } from '../redis/redis-client';
import { oneOf } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import type { User } from './user';
import { UsernameTakenError } from './users.errors';
import { UsersRepository } from './users.repository';

// One hash tag for all user keys: the scripts touch the index and a user hash together, which Redis Cluster only allows within one slot.
const USERNAME_INDEX = '{users}:by-username';
const ADMINS = '{users}:admins';
const userKey = (id: string): string => `{users}:${id}`;

// Claims the username and writes the user hash in one step, so two pods
// registering the same name at once cannot both succeed.
const CREATE_USER = defineScript({
  name: 'users.create',
  keys: 2,
  reply: oneOf(0, 1),
  lua: `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('HSET', KEYS[2], unpack(ARGV, 3))
return 1`,
});

const DELETE_USER = defineScript({
  name: 'users.delete',
  keys: 3,
  reply: oneOf(0, 1),
  lua: `
local username = redis.call('HGET', KEYS[1], 'username')
if not username then return 0 end
redis.call('DEL', KEYS[1])
if redis.call('HGET', KEYS[2], username) == ARGV[1] then redis.call('HDEL', KEYS[2], username) end
redis.call('SREM', KEYS[3], ARGV[1])
return 1`,
});

// Only an existing user can get the role: a granted id must never wait for someone to register it.
const SET_ADMIN = defineScript({
  name: 'users.set-admin',
  keys: 2,
  reply: oneOf(0, 1),
  lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[2] == '1' then
  redis.call('HSET', KEYS[1], 'admin', '1')
  redis.call('SADD', KEYS[2], ARGV[1])
else
  redis.call('HDEL', KEYS[1], 'admin')
  redis.call('SREM', KEYS[2], ARGV[1])
end
return 1`,
});

/** One hash per user plus a username → id index hash. */
export class RedisUsersRepository extends UsersRepository {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  async create(user: User): Promise<User> {
    // The role is only ever granted by setAdmin.
    const { admin: _admin, ...stored } = user;
    const fields = Object.entries(stored).flat();
    const created = await CREATE_USER.run(this.redis, [USERNAME_INDEX, userKey(user.id)], [user.username, user.id, ...fields]);
    if (created !== 1) {
      throw new UsernameTakenError(user.username);
    }
    return { ...user };
  }

  async findById(id: string): Promise<User | undefined> {
    return toUser(await this.redis.hgetall(userKey(id)));
  }

  async findByUsername(username: string): Promise<User | undefined> {
    const id = await this.redis.hget(USERNAME_INDEX, username.toLowerCase());
    return id === null ? undefined : this.findById(id);
  }

  async findManyByIds(ids: readonly string[]): Promise<User[]> {
    if (ids.length === 0) {
      return [];
    }
    const pipeline = this.redis.pipeline();
    for (const id of ids) {
      pipeline.hgetall(userKey(id));
    }
    const replies = (await pipeline.exec()) ?? [];
    return replies
      .map(([error, hash]) => (error ? undefined : toUser(hash as Record<string, string>)))
      .filter((user): user is User => user !== undefined);
  }

  async delete(id: string): Promise<boolean> {
    return (await DELETE_USER.run(this.redis, [userKey(id), USERNAME_INDEX, ADMINS], [id])) === 1;
  }

  async setAdmin(id: string, admin: boolean): Promise<boolean> {
    return (await SET_ADMIN.run(this.redis, [userKey(id), ADMINS], [id, admin ? '1' : '0'])) === 1;
  }

  async listAdmins(): Promise<User[]> {
    return this.findManyByIds(await this.redis.smembers(ADMINS));
  }
}

function toUser(hash: Record<string, string>): User | undefined {
  if (!hash.id) {
    return undefined;
  }
  return {
    id: hash.id,
    username: hash.username,
    displayName: hash.displayName,
    passwordHash: hash.passwordHash,
    createdAt: hash.createdAt,
    ...(hash.admin === '1' ? { admin: true } : {}),
  };
}
