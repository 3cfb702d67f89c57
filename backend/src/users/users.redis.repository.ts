import { isAppLocale, type AppLocale } from '../../../contracts/i18n';
import type { RedisClient } from '../redis/redis-client';
import { oneOf } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import type { User } from './user';
import { UsernameTakenError } from './users.errors';
import { UsersRepository } from './users.repository';

// Two global keys, each a singleton on its own slot. Neither is hot: the index takes one HSETNX per
// registration and one HGET per sign-in, the admin set changes only when a role is granted or revoked.
// Both keep their names from before the cluster work, so existing deployments keep their data.
const USERNAME_INDEX = '{users}:by-username';
const ADMINS = '{users}:admins';
// Each user's hash on the user's own slot, so users spread over the cluster instead of sharing the
// index's slot. No script touches a user hash and a global key together: the steps below are ordered
// so that a pod dying between two of them leaves nothing a reader could notice.
const userKey = (id: string): string => `users:{${id}}`;

/** KEYS: username index. ARGV: username, id. Frees the name only while it still points at this user. */
const RELEASE_USERNAME = defineScript({
  name: 'users.release-username',
  keys: 1,
  reply: oneOf(0, 1),
  lua: `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
return 1`,
});

// Only an existing user can get the role: a granted id must never wait for someone to register it.
/** KEYS: user. ARGV: '1' to grant, '0' to revoke. Returns 0 when there is no such user. */
const SET_ADMIN_FLAG = defineScript({
  name: 'users.set-admin-flag',
  keys: 1,
  reply: oneOf(0, 1),
  lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] == '1' then redis.call('HSET', KEYS[1], 'admin', '1') else redis.call('HDEL', KEYS[1], 'admin') end
return 1`,
});

// Like the admin flag: a user deleted meanwhile must not come back as a hash holding only a locale.
/** KEYS: user. ARGV: the locale, '' to forget it. Returns 0 when there is no such user. */
const SET_LOCALE = defineScript({
  name: 'users.set-locale',
  keys: 1,
  reply: oneOf(0, 1),
  lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] == '' then redis.call('HDEL', KEYS[1], 'locale') else redis.call('HSET', KEYS[1], 'locale', ARGV[1]) end
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
    const { admin: _admin, locale, ...rest } = user;
    const stored = locale ? { ...rest, locale } : rest;
    // The hash first, under a fresh id nobody knows yet; the claim on the name (HSETNX, so of two
    // pods registering one name at once exactly one wins) then makes the user findable.
    await this.redis.hset(userKey(user.id), stored);
    if ((await this.redis.hsetnx(USERNAME_INDEX, user.username, user.id)) !== 1) {
      await this.redis.del(userKey(user.id));
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
    // One command per user, not a pipeline: on a cluster the users live on different nodes.
    const users = await Promise.all(ids.map((id) => this.findById(id)));
    return users.filter((user): user is User => user !== undefined);
  }

  async delete(id: string): Promise<boolean> {
    const username = await this.redis.hget(userKey(id), 'username');
    if (username === null) {
      return false;
    }
    // The hash goes last: a delete cut short is finished by calling it again, which still finds the name.
    await RELEASE_USERNAME.run(this.redis, [USERNAME_INDEX], [username, id]);
    await this.redis.srem(ADMINS, id);
    return (await this.redis.del(userKey(id))) === 1;
  }

  async setAdmin(id: string, admin: boolean): Promise<boolean> {
    // The flag on the user's hash is what grants the role; the admin set only lists them, and
    // listAdmins skips ids whose user is gone, so a delete racing this leaves no phantom admin.
    if ((await SET_ADMIN_FLAG.run(this.redis, [userKey(id)], [admin ? '1' : '0'])) !== 1) {
      return false;
    }
    await (admin ? this.redis.sadd(ADMINS, id) : this.redis.srem(ADMINS, id));
    return true;
  }

  async setLocale(id: string, locale: AppLocale | null): Promise<boolean> {
    return (await SET_LOCALE.run(this.redis, [userKey(id)], [locale ?? ''])) === 1;
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
    // A language the app no longer ships reads as no choice: the browser's decides again.
    ...(isAppLocale(hash.locale) ? { locale: hash.locale } : {}),
  };
}
