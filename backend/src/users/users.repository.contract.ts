import { randomUUID } from 'node:crypto';
import type { User } from './user';
import { UsernameTakenError } from './users.errors';
import { type UsersRepository } from './users.repository';

function aUser(overrides: Partial<User> = {}): User {
  const id = randomUUID();
  return {
    id,
    username: `user-${id.slice(0, 8)}`,
    displayName: 'Someone',
    passwordHash: 'scrypt$1$1$1$salt$hash',
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

/** The behaviour every UsersRepository adapter must have; run against each one. */
export function usersRepositoryContract(makeRepository: () => Promise<UsersRepository> | UsersRepository): void {
  let users: UsersRepository;

  beforeEach(async () => {
    users = await makeRepository();
  });

  it('finds a created user by id and by username', async () => {
    const user = aUser();
    await users.create(user);
    await expect(users.findById(user.id)).resolves.toEqual(user);
    await expect(users.findByUsername(user.username)).resolves.toEqual(user);
  });

  it('finds usernames case-insensitively', async () => {
    const user = aUser();
    await users.create(user);
    await expect(users.findByUsername(user.username.toUpperCase())).resolves.toEqual(user);
  });

  it('refuses a second user with a taken username and keeps the first', async () => {
    const first = aUser();
    await users.create(first);
    await expect(users.create(aUser({ username: first.username }))).rejects.toBeInstanceOf(UsernameTakenError);
    await expect(users.findByUsername(first.username)).resolves.toEqual(first);
  });

  it('lets exactly one of many concurrent registrations of one username win', async () => {
    const username = aUser().username;
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => users.create(aUser({ username }))));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  it('answers undefined for unknown ids and usernames', async () => {
    await expect(users.findById(randomUUID())).resolves.toBeUndefined();
    await expect(users.findByUsername('nobody-here')).resolves.toBeUndefined();
  });

  it('finds many by id, skipping unknown ones', async () => {
    const a = aUser();
    const b = aUser();
    await users.create(a);
    await users.create(b);
    const found = await users.findManyByIds([a.id, randomUUID(), b.id]);
    expect(found.map((user) => user.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('grants and revokes the admin role of existing users only', async () => {
    const user = aUser();
    await users.create(user);
    await expect(users.setAdmin(user.id, true)).resolves.toBe(true);
    await expect(users.findById(user.id)).resolves.toEqual({ ...user, admin: true });
    await expect(users.listAdmins()).resolves.toEqual([{ ...user, admin: true }]);
    await expect(users.setAdmin(user.id, false)).resolves.toBe(true);
    await expect(users.findById(user.id)).resolves.toEqual(user);
    await expect(users.listAdmins()).resolves.toEqual([]);
    await expect(users.setAdmin(randomUUID(), true)).resolves.toBe(false);
    await expect(users.listAdmins()).resolves.toEqual([]);
  });

  it('forgets the role of a deleted admin', async () => {
    const user = aUser();
    await users.create(user);
    await users.setAdmin(user.id, true);
    await users.delete(user.id);
    await expect(users.listAdmins()).resolves.toEqual([]);
  });

  it("remembers, changes and forgets a user's language", async () => {
    const user = aUser();
    await users.create(user);
    await expect(users.findById(user.id)).resolves.toEqual(user);
    await expect(users.setLocale(user.id, 'de')).resolves.toBe(true);
    await expect(users.findById(user.id)).resolves.toEqual({ ...user, locale: 'de' });
    await expect(users.findByUsername(user.username)).resolves.toEqual({ ...user, locale: 'de' });
    await expect(users.setLocale(user.id, 'ar')).resolves.toBe(true);
    await expect(users.findById(user.id)).resolves.toEqual({ ...user, locale: 'ar' });
    await expect(users.setLocale(user.id, null)).resolves.toBe(true);
    await expect(users.findById(user.id)).resolves.toEqual(user);
  });

  it('keeps a language given at creation', async () => {
    const user = aUser({ locale: 'de' });
    await users.create(user);
    await expect(users.findById(user.id)).resolves.toEqual(user);
  });

  it('sets no language on a user that does not exist, nor brings a deleted one back', async () => {
    await expect(users.setLocale(randomUUID(), 'de')).resolves.toBe(false);
    const user = aUser();
    await users.create(user);
    await users.delete(user.id);
    await expect(users.setLocale(user.id, 'de')).resolves.toBe(false);
    await expect(users.findById(user.id)).resolves.toBeUndefined();
  });

  it('deletes a user and frees the username', async () => {
    const user = aUser();
    await users.create(user);
    await expect(users.delete(user.id)).resolves.toBe(true);
    await expect(users.findById(user.id)).resolves.toBeUndefined();
    await expect(users.findByUsername(user.username)).resolves.toBeUndefined();
    await expect(users.create(aUser({ username: user.username }))).resolves.toBeDefined();
    await expect(users.delete(user.id)).resolves.toBe(false);
  });
}
