import { type AppConfig, ConfigError, loadConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';
import { RedisUsersRepository } from '../users/users.redis.repository';
import type { UsersRepository } from '../users/users.repository';

const USAGE = 'usage: npm run admin -- grant <username> | revoke <username> | list';

/**
 * `npm run admin -- …`: an operator grants or revokes the admin role of an existing
 * account in the shared store. Returns the exit code; every line goes to `print`.
 */
export async function runAdminCommand(
  args: readonly string[],
  env: Record<string, string | undefined>,
  print: (line: string) => void,
): Promise<number> {
  const [command, username, ...extra] = args;
  const wantsName = command === 'grant' || command === 'revoke';
  if (!(wantsName || command === 'list') || (wantsName && !username) || extra.length > 0 || (command === 'list' && username)) {
    print(USAGE);
    return 2;
  }
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    print(error instanceof ConfigError ? error.message : String(error));
    return 1;
  }
  if (config.redisUrl === undefined && config.redisClusterNodes === undefined) {
    // An embedded pod keeps its users in its own memory, out of reach of another process.
    print('Neither REDIS_URL nor REDIS_CLUSTER_NODES is set: in embedded mode, list the user ids in ADMIN_USER_IDS and restart instead');
    return 1;
  }
  const redis = new RedisService(config);
  try {
    await redis.onModuleInit();
    const users = new RedisUsersRepository(redis);
    return command === 'list' ? await list(users, config, print) : await setRole(users, username, command === 'grant', print);
  } catch (error) {
    print(`Failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await redis.onApplicationShutdown();
  }
}

async function setRole(users: UsersRepository, username: string, admin: boolean, print: (line: string) => void): Promise<number> {
  const user = await users.findByUsername(username.toLowerCase());
  if (!user || !(await users.setAdmin(user.id, admin))) {
    print(`No account is called "${username}": the role goes to an existing account, so register it first`);
    return 1;
  }
  print(
    `${admin ? 'Granted' : 'Revoked'} the admin role ${admin ? 'to' : 'of'} ${user.username} (${user.id}); it applies to their next request`,
  );
  return 0;
}

async function list(users: UsersRepository, config: AppConfig, print: (line: string) => void): Promise<number> {
  const admins = await users.listAdmins();
  for (const user of admins) {
    print(`${user.id}  ${user.username}`);
  }
  if (admins.length === 0) {
    print('No account has been granted the admin role');
  }
  if (config.adminUserIds.size > 0) {
    print(`Also admins by ADMIN_USER_IDS of this environment: ${[...config.adminUserIds].join(', ')}`);
  }
  return 0;
}
