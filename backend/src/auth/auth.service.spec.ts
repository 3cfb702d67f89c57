import { expect } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { loadConfig } from '../config/app-config';
import { AccessRevocations } from '../events/access-revocations';
import { ConnectionsService } from '../events/connections.service';
import { MemoryEventBus } from '../events/event-bus.memory';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { MetricsService } from '../metrics/metrics.service';
import { MemoryUsersRepository } from '../users/users.memory.repository';
import { InvalidCredentialsError, InvalidTokenError } from './auth.errors';
import { AuthService, JWT_ALGORITHM } from './auth.service';
import { MemoryRevocationStore } from './revocation.memory.store';

const BOSS_ID = '0b055000-0000-4000-8000-000000000001';

describe('AuthService', () => {
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 's'.repeat(40), JWT_TTL: '10m', ADMIN_USER_IDS: BOSS_ID });
  let users: MemoryUsersRepository;
  let auth: AuthService;
  const jwt = new JwtService({ secret: config.jwtSecret, signOptions: { algorithm: JWT_ALGORITHM } });

  beforeEach(() => {
    users = new MemoryUsersRepository();
    const bus = new MemoryEventBus(config);
    const access = new AccessRevocations(bus, new ConnectionsService(config, new LifecycleService(), new MetricsService(), bus));
    auth = new AuthService(users, jwt, config, new MemoryRevocationStore(), access);
  });

  it('registers a user with a lower-cased username and a hashed password', async () => {
    const issued = await auth.register('grace', 'compiler!', 'Grace Hopper');
    const stored = await users.findByUsername('grace');
    expect(issued.user).toEqual({ id: stored?.id, username: 'grace', displayName: 'Grace Hopper' });
    expect(stored?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it('uses the username as display name when none is given', async () => {
    const issued = await auth.register('linus', 'penguins!', '   ');
    expect(issued.user.displayName).toBe('linus');
  });

  it('issues a token that expires after JWT_TTL and authenticates back to the user', async () => {
    const issued = await auth.register('ken', 'unix-time');
    const expiresIn = (Date.parse(issued.expiresAt) - Date.now()) / 1000;
    expect(expiresIn).toBeGreaterThan(590);
    expect(expiresIn).toBeLessThanOrEqual(600);
    const caller = await auth.authenticate(issued.accessToken, 'bearer');
    expect(caller).toEqual(expect.objectContaining({ id: issued.user.id, username: 'ken', roles: ['user'], via: 'bearer' }));
  });

  it('logs in with the right password only, with one error for both failure cases', async () => {
    await auth.register('dennis', 'c-language');
    await expect(auth.login('DENNIS', 'c-language')).resolves.toEqual(expect.objectContaining({ accessToken: expect.any(String) }));
    await expect(auth.login('dennis', 'wrong-one')).rejects.toBeInstanceOf(InvalidCredentialsError);
    await expect(auth.login('nobody', 'c-language')).rejects.toBeInstanceOf(InvalidCredentialsError);
  });

  it('never makes an admin of whoever registers a name', async () => {
    for (const name of ['admin', 'root', 'boss']) {
      const issued = await auth.register(name, 'in-charge');
      await expect(auth.authenticate(issued.accessToken, 'cookie')).resolves.toEqual(expect.objectContaining({ roles: ['user'] }));
    }
  });

  it('gives the admin role to a granted user and to ids in ADMIN_USER_IDS', async () => {
    const issued = await auth.register('grantee', 'in-charge');
    await users.setAdmin(issued.user.id, true);
    await expect(auth.authenticate(issued.accessToken, 'cookie')).resolves.toEqual(expect.objectContaining({ roles: ['user', 'admin'] }));
    await users.create({ id: BOSS_ID, username: 'boss', displayName: 'Boss', passwordHash: 'x', createdAt: new Date().toISOString() });
    expect(auth.rolesOf({ id: BOSS_ID })).toEqual(['user', 'admin']);
  });

  it('refuses tokens with another algorithm, another secret, or for a deleted user', async () => {
    const issued = await auth.register('margaret', 'apollo-11');
    const hs512 = await jwt.signAsync({ sub: issued.user.id }, { algorithm: 'HS512', expiresIn: 60 });
    await expect(auth.authenticate(hs512, 'bearer')).rejects.toBeInstanceOf(InvalidTokenError);
    const foreign = await new JwtService({ secret: 'x'.repeat(40) }).signAsync({ sub: issued.user.id }, { expiresIn: 60 });
    await expect(auth.authenticate(foreign, 'bearer')).rejects.toBeInstanceOf(InvalidTokenError);
    await users.delete(issued.user.id);
    await expect(auth.authenticate(issued.accessToken, 'bearer')).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refreshes into a new token of the same session, and the old one stops working', async () => {
    const issued = await auth.register('barbara', 'liskov-sub');
    const caller = await auth.authenticate(issued.accessToken, 'bearer');
    const refreshed = await auth.refresh(caller);
    expect(refreshed.user.id).toBe(issued.user.id);
    const next = await auth.authenticate(refreshed.accessToken, 'bearer');
    expect(next).toEqual(expect.objectContaining({ sessionId: caller.sessionId, sessionStartedAt: caller.sessionStartedAt }));
    expect(next.tokenId).not.toBe(caller.tokenId);
    await expect(auth.authenticate(issued.accessToken, 'bearer')).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(auth.refresh(caller)).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
