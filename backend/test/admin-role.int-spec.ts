import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Me, Role } from '../../contracts/api';
import { runAdminCommand } from '../src/admin/admin-command';
import { hashPassword } from '../src/auth/password';
import { UsersRepository } from '../src/users/users.repository';
import { register, type Session, uniqueUsername } from './support/http';
import { type RedisServer, startRedis } from './support/redis-server';
import { startTestApp, type TestApp } from './support/test-app';

const rolesOf = async (pod: TestApp, session: Session): Promise<Role[]> =>
  ((await request(pod.url).get('/api/auth/me').set('Authorization', `Bearer ${session.accessToken}`).expect(200)).body as Me).roles;

describe('admin role by operator action (redis mode)', () => {
  let redis: RedisServer;
  let pod: TestApp;
  const admin = async (...args: string[]): Promise<{ code: number; output: string }> => {
    const lines: string[] = [];
    const code = await runAdminCommand(args, { REDIS_URL: redis.url }, (line) => lines.push(line));
    return { code, output: lines.join('\n') };
  };

  beforeAll(async () => {
    redis = await startRedis();
    pod = await startTestApp({ REDIS_URL: redis.url });
  });

  afterAll(async () => {
    await pod?.close();
    await redis?.stop();
  });

  it('grants, lists and revokes the role of an existing account, effective on the next request', async () => {
    const session = await register(pod.url, uniqueUsername('ops'));
    expect(await rolesOf(pod, session)).toEqual(['user']);

    expect(await admin('grant', session.user.username.toUpperCase())).toEqual({ code: 0, output: expect.stringContaining('Granted') });
    expect(await rolesOf(pod, session)).toEqual(['user', 'admin']);
    await request(pod.url).get('/api/admin/health').set('Authorization', `Bearer ${session.accessToken}`).expect(200);
    expect((await admin('list')).output).toContain(`${session.user.id}  ${session.user.username}`);

    expect((await admin('revoke', session.user.username)).code).toBe(0);
    expect(await rolesOf(pod, session)).toEqual(['user']);
    await request(pod.url).get('/api/admin/health').set('Authorization', `Bearer ${session.accessToken}`).expect(403);
    expect((await admin('list')).output).toBe('No account has been granted the admin role');
  });

  it('refuses to grant a name nobody has registered, so registering it later gives nothing', async () => {
    const name = uniqueUsername('future-admin');
    expect(await admin('grant', name)).toEqual({ code: 1, output: expect.stringContaining('register it first') });
    const latecomer = await register(pod.url, name);
    expect(await rolesOf(pod, latecomer)).toEqual(['user']);
  });

  it('explains its usage and refuses embedded mode', async () => {
    expect((await admin('promote', 'x')).code).toBe(2);
    expect((await admin('grant')).output).toMatch(/^usage: npm run admin -- grant <username>/);
    const lines: string[] = [];
    expect(await runAdminCommand(['list'], {}, (line) => lines.push(line))).toBe(1);
    expect(lines.join()).toMatch(/ADMIN_USER_IDS/);
  });

  it('makes the ids in ADMIN_USER_IDS admins on a pod of the same deployment', async () => {
    const session = await register(pod.url);
    const second = await startTestApp({ REDIS_URL: redis.url, ADMIN_USER_IDS: session.user.id });
    try {
      expect(await rolesOf(second, session)).toEqual(['user', 'admin']);
      expect(await rolesOf(pod, session)).toEqual(['user']);
    } finally {
      await second.close();
    }
  });
});

describe('admin role in embedded mode', () => {
  it('comes from ADMIN_USER_IDS, never from a registered name', async () => {
    const adminId = randomUUID();
    const pod = await startTestApp({ ADMIN_USER_IDS: adminId });
    try {
      for (const name of ['admin', 'root', 'administrator']) {
        expect(await rolesOf(pod, await register(pod.url, name))).toEqual(['user']);
      }
      // The one account whose id the operator configured (ids are random, so it is placed directly).
      const passwordHash = await hashPassword('operator password');
      await pod.app
        .get(UsersRepository)
        .create({ id: adminId, username: 'operator', displayName: 'Operator', passwordHash, createdAt: new Date().toISOString() });
      const login = await request(pod.url)
        .post('/api/auth/login')
        .send({ username: 'operator', password: 'operator password' })
        .expect(200);
      expect(await rolesOf(pod, login.body as Session)).toEqual(['user', 'admin']);
    } finally {
      await pod.close();
    }
  });
});
