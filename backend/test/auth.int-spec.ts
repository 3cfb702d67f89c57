import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { AuthResponse, Me } from '../../contracts/api';
import type { AdminHealthDto } from '../src/admin/admin.controller';
import { UsersRepository } from '../src/users/users.repository';
import { type RedisServer, startRedis } from './support/redis-server';
import { errorOf, register, uniqueUsername } from './support/http';
import { signHs256 } from './support/tokens';
import { startTestApp, type TestApp } from './support/test-app';

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

const modes: Array<[string, boolean]> = [
  ['memory', false],
  ['redis', true],
];

describe.each(modes)('auth (%s mode)', (_mode, useRedis) => {
  let redis: RedisServer | undefined;
  let pod: TestApp;
  let api: ReturnType<typeof request>;

  beforeAll(async () => {
    redis = useRedis ? await startRedis() : undefined;
    pod = await startTestApp({ REDIS_URL: redis?.url });
    api = request(pod.url);
  });

  afterAll(async () => {
    await pod?.close();
    await redis?.stop();
  });

  it('registers, logs in and answers /me with bearer and with the cookie', async () => {
    const username = uniqueUsername('ada');
    const registered = await api
      .post('/api/auth/register')
      .send({ username, password: 'analytical engine', displayName: 'Ada Lovelace' })
      .expect(201);
    expect(registered.body).toEqual({
      user: { id: expect.any(String), username, displayName: 'Ada Lovelace' },
      accessToken: expect.any(String),
      expiresAt: expect.stringMatching(/Z$/),
    });
    const cookie = String(registered.headers['set-cookie']);
    expect(cookie).toMatch(/cb_session=[^;]+/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const login = await api.post('/api/auth/login').send({ username, password: 'analytical engine' }).expect(200);
    const loggedIn = login.body as AuthResponse;
    const registeredUser = (registered.body as AuthResponse).user;
    expect(loggedIn.user.id).toBe(registeredUser.id);

    const me = await api.get('/api/auth/me').set('Authorization', `Bearer ${loggedIn.accessToken}`).expect(200);
    expect(me.body).toEqual({
      id: registeredUser.id,
      username,
      displayName: 'Ada Lovelace',
      roles: ['user'],
      expiresAt: loggedIn.expiresAt,
      locale: null,
    });

    const sessionCookie = String(login.headers['set-cookie']).split(';')[0];
    await api.get('/api/auth/me').set('Cookie', sessionCookie).expect(200);
  });

  it('stores passwords hashed, never in clear', async () => {
    const session = await register(pod.url, uniqueUsername(), 'plain text secret');
    const stored = await pod.app.get(UsersRepository).findById(session.user.id);
    expect(stored?.passwordHash).toMatch(/^scrypt\$/);
    expect(stored?.passwordHash).not.toContain('plain text secret');
  });

  it('refuses a taken username with 409, whatever its case', async () => {
    const username = uniqueUsername('dup');
    await register(pod.url, username);
    const again = await api.post('/api/auth/register').send({ username: username.toUpperCase(), password: 'another one' });
    // Upper case is not a valid username: 400. The lower-case twin is the conflict.
    expect(again.status).toBe(400);
    const conflict = await api.post('/api/auth/register').send({ username, password: 'another one' }).expect(409);
    expect(conflict.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: expect.stringContaining('taken'),
      code: 'username_taken',
    });
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    const username = uniqueUsername();
    await register(pod.url, username, 'the right one');
    const wrong = await api.post('/api/auth/login').send({ username, password: 'the wrong one' }).expect(401);
    const unknown = await api.post('/api/auth/login').send({ username: 'no-such-user-x', password: 'whatever1' }).expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(errorOf(wrong).message).toBe('Wrong username or password');
  });

  it('answers invalid bodies with 400 and one message per field', async () => {
    const response = await api.post('/api/auth/register').send({ username: 'A!', password: 'short', role: 'admin' }).expect(400);
    expect(errorOf(response).statusCode).toBe(400);
    expect(errorOf(response).error).toBe('Bad Request');
    expect(errorOf(response).message).toEqual(
      expect.arrayContaining([
        'username must be 3 to 32 characters of a-z, 0-9, _ . -',
        'password must be 8 to 128 characters',
        'property role should not exist',
      ]),
    );
    await api.post('/api/auth/login').send({}).expect(400);
  });

  it('answers malformed JSON with 400 and an oversized body with 413, in the error shape', async () => {
    const malformed = await api.post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":').expect(400);
    expect(malformed.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Request body is not valid JSON',
      code: 'invalid_json',
    });
    const huge = await api
      .post('/api/auth/register')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'big', password: 'x'.repeat(70 * 1024) }))
      .expect(413);
    expect(huge.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'Request body is too large', code: 'too_large' });
  });

  describe('tokens', () => {
    let sessionId: string;

    beforeAll(async () => {
      sessionId = (await register(pod.url)).user.id;
    });

    const me = (token: string) => api.get('/api/auth/me').set('Authorization', `Bearer ${token}`);
    const claims = (exp = Math.floor(Date.now() / 1000) + 60) => ({
      sub: sessionId,
      exp,
      jti: randomUUID(),
      sid: randomUUID(),
      sat: Date.now(),
    });

    it('accepts a well-signed token (control)', async () => {
      await me(signHs256(claims())).expect(200);
    });

    it('refuses alg "none"', async () => {
      const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`;
      await me(token).expect(401);
    });

    it('refuses a wrong signature', async () => {
      await me(signHs256(claims(), 'another-secret-of-enough-length-000000000')).expect(401);
    });

    it('refuses an expired token', async () => {
      await me(signHs256(claims(Math.floor(Date.now() / 1000) - 5))).expect(401);
    });

    it('refuses a token without a token id and session (issued before sessions could be revoked)', async () => {
      await me(signHs256({ sub: sessionId, exp: Math.floor(Date.now() / 1000) + 60 })).expect(401);
    });

    it('refuses the token of a deleted user', async () => {
      const doomed = await register(pod.url);
      await me(doomed.accessToken).expect(200);
      await pod.app.get(UsersRepository).delete(doomed.user.id);
      const response = await me(doomed.accessToken).expect(401);
      expect(response.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Authentication required',
        code: 'authentication_required',
      });
    });

    it('refuses requests without any token', async () => {
      await api.get('/api/auth/me').expect(401);
      await api.get('/api/auth/me').set('Authorization', 'Basic abc').expect(401);
    });
  });

  describe('CSRF', () => {
    it('refuses a cookie-authenticated POST from a foreign Origin, and allows our own', async () => {
      const session = await register(pod.url);
      const foreign = await api.post('/api/auth/refresh').set('Cookie', session.cookie).set('Origin', 'https://evil.example').expect(403);
      expect(errorOf(foreign).message).toMatch(/Cross-site/);
      const host = new URL(pod.url).host;
      await api.post('/api/auth/refresh').set('Cookie', session.cookie).set('Origin', `http://${host}`).expect(200);
    });

    it('refuses a cookie-authenticated POST with neither Origin nor Referer', async () => {
      const session = await register(pod.url);
      await api.post('/api/auth/refresh').set('Cookie', session.cookie).expect(403);
    });

    it('lets bearer-token clients POST without an Origin', async () => {
      const session = await register(pod.url);
      await api.post('/api/auth/refresh').set('Authorization', `Bearer ${session.accessToken}`).expect(200);
    });
  });

  it('logs out by clearing the cookie', async () => {
    const session = await register(pod.url);
    const response = await api.post('/api/auth/logout').set('Cookie', session.cookie).set('Origin', pod.url).expect(204);
    expect(String(response.headers['set-cookie'])).toMatch(/cb_session=;.*Expires=Thu, 01 Jan 1970/);
  });

  it('refresh returns a new token that works', async () => {
    const session = await register(pod.url);
    const refreshed = await api.post('/api/auth/refresh').set('Authorization', `Bearer ${session.accessToken}`).expect(200);
    await api
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${(refreshed.body as AuthResponse).accessToken}`)
      .expect(200);
  });

  describe('admin health', () => {
    it('is 403 for a normal user and 401 without a token', async () => {
      const session = await register(pod.url);
      const response = await api.get('/api/admin/health').set('Authorization', `Bearer ${session.accessToken}`).expect(403);
      expect(response.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'Administrators only', code: 'admin_only' });
      await api.get('/api/admin/health').expect(401);
    });

    it('reports version, uptime and mode to an admin', async () => {
      const admin = await register(pod.url);
      await pod.app.get(UsersRepository).setAdmin(admin.user.id, true);
      const me = await api.get('/api/auth/me').set('Authorization', `Bearer ${admin.accessToken}`).expect(200);
      expect((me.body as Me).roles).toEqual(['user', 'admin']);
      const health = await api.get('/api/admin/health').set('Authorization', `Bearer ${admin.accessToken}`).expect(200);
      expect(health.body).toEqual(
        expect.objectContaining({ version: expect.any(String), uptimeSeconds: expect.any(Number), mode: useRedis ? 'redis' : 'memory' }),
      );
      if (useRedis) {
        expect((health.body as AdminHealthDto).redisLatencyMs).toEqual(expect.any(Number));
      }
    });
  });
});
