import request from 'supertest';
import * as password from '../src/auth/password';
import { register, uniqueUsername } from './support/http';
import { type RedisServer, startRedis } from './support/redis-server';
import { startTestApp, type TestApp } from './support/test-app';

const modes: Array<[string, boolean]> = [
  ['memory', false],
  ['redis', true],
];

// The test client is on loopback, a trusted proxy by default: X-Forwarded-For picks the client IP.
const LIMITS = {
  LOGIN_RATE_LIMIT: '2',
  LOGIN_USERNAME_RATE_LIMIT: '4',
  LOGIN_IP_RATE_LIMIT: '4',
  REGISTER_RATE_LIMIT: '2',
  AUTH_RATE_WINDOW: '15m',
};

let ipCounter = 0;
const freshIp = (): string => `10.${process.pid % 250}.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

describe.each(modes)('login and sign-up limits (%s mode)', (_mode, useRedis) => {
  let redis: RedisServer | undefined;
  let pod: TestApp;

  const login = (url: string, ip: string, username: string, password: string) =>
    request(url).post('/api/auth/login').set('X-Forwarded-For', ip).send({ username, password });
  const signUp = (ip: string) =>
    request(pod.url)
      .post('/api/auth/register')
      .set('X-Forwarded-For', ip)
      .send({ username: uniqueUsername('limit'), password: 'long enough' });

  beforeAll(async () => {
    redis = useRedis ? await startRedis() : undefined;
    pod = await startTestApp({ REDIS_URL: redis?.url, ...LIMITS });
  });

  afterAll(async () => {
    await pod?.close();
    await redis?.stop();
  });

  it('refuses a username after 2 wrong passwords from one IP with 429 and Retry-After, before checking even the right one', async () => {
    const user = await register(pod.url, uniqueUsername('victim'), 'the right one');
    const ip = freshIp();
    for (let i = 0; i < 2; i++) {
      await login(pod.url, ip, user.user.username, 'wrong guess').expect(401);
    }
    const refused = await login(pod.url, ip, user.user.username, 'the right one').expect(429);
    expect(refused.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Too many attempts, try again later',
      code: 'too_many_attempts',
    });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(890);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // The owner, from another address, is not locked out.
    await login(pod.url, freshIp(), user.user.username, 'the right one').expect(200);
  });

  it('answers a refused attempt without hashing the password', async () => {
    const ip = freshIp();
    const name = uniqueUsername('nobody');
    // The app runs in this process: every password check goes through this module.
    const verify = jest.spyOn(password, 'verifyPassword');
    try {
      for (let i = 0; i < 2; i++) {
        await login(pod.url, ip, name, 'guess').expect(401);
      }
      expect(verify).toHaveBeenCalledTimes(2);
      const refusals = await Promise.all(Array.from({ length: 20 }, () => login(pod.url, ip, name, 'guess')));
      expect(refusals.map((response) => response.status)).toEqual(Array(20).fill(429));
      expect(verify).toHaveBeenCalledTimes(2);
    } finally {
      verify.mockRestore();
    }
  });

  it('counts a username across IPs, so spreading guesses over addresses does not help', async () => {
    const name = uniqueUsername('spread');
    for (let i = 0; i < 4; i++) {
      await login(pod.url, freshIp(), name, 'guess').expect(401);
    }
    await login(pod.url, freshIp(), name, 'guess').expect(429);
  });

  it('counts an IP across usernames, so spraying one password over many accounts stops', async () => {
    const ip = freshIp();
    for (let i = 0; i < 4; i++) {
      await login(pod.url, ip, uniqueUsername('spray'), 'Summer2026!').expect(401);
    }
    const refused = await login(pod.url, ip, uniqueUsername('spray'), 'Summer2026!').expect(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
  });

  it('limits sign-ups per IP, refusing before the password is hashed', async () => {
    const ip = freshIp();
    await signUp(ip).expect(201);
    await signUp(ip).expect(201);
    const hash = jest.spyOn(password, 'hashPassword');
    try {
      const refused = await signUp(ip).expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(hash).not.toHaveBeenCalled();
    } finally {
      hash.mockRestore();
    }
    await signUp(freshIp()).expect(201);
  });

  if (useRedis) {
    it('shares the counts between pods', async () => {
      const other = await startTestApp({ REDIS_URL: redis!.url, ...LIMITS });
      try {
        const ip = freshIp();
        const name = uniqueUsername('pods');
        await login(pod.url, ip, name, 'guess').expect(401);
        await login(other.url, ip, name, 'guess').expect(401);
        await login(pod.url, ip, name, 'guess').expect(429);
        await login(other.url, ip, name, 'guess').expect(429);
      } finally {
        await other.close();
      }
    });
  }
});
