import { expect } from '@jest/globals';
import request from 'supertest';
import type { Me } from '../../contracts/api';
import type { Preferences } from '../../contracts/i18n';
import { type RedisServer, startRedis } from './support/redis-server';
import { errorOf, register } from './support/http';
import { startTestApp, type TestApp } from './support/test-app';

const modes: Array<[string, boolean]> = [
  ['memory', false],
  ['redis', true],
];

describe.each(modes)('user preferences (%s mode)', (_mode, useRedis) => {
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

  const meOf = async (token: string): Promise<Me> =>
    (await api.get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200)).body as Me;

  it('starts without a language, then remembers the chosen one for every later session', async () => {
    const session = await register(pod.url);
    expect((await meOf(session.accessToken)).locale).toBeNull();

    const changed = await api
      .patch('/api/auth/me/preferences')
      .set('Authorization', `Bearer ${session.accessToken}`)
      .send({ locale: 'de' })
      .expect(200);
    expect(changed.body as Preferences).toEqual({ locale: 'de' });
    expect((await meOf(session.accessToken)).locale).toBe('de');

    // Another device: a new sign-in of the same user.
    const elsewhere = await api.post('/api/auth/login').send({ username: session.user.username, password: 'correct horse' }).expect(200);
    expect((await meOf((elsewhere.body as { accessToken: string }).accessToken)).locale).toBe('de');
  });

  it('changes the language and forgets it with null', async () => {
    const session = await register(pod.url);
    const patch = (body: object) =>
      api.patch('/api/auth/me/preferences').set('Authorization', `Bearer ${session.accessToken}`).send(body).expect(200);
    await patch({ locale: 'ar' });
    expect((await meOf(session.accessToken)).locale).toBe('ar');
    expect((await patch({ locale: null })).body).toEqual({ locale: null });
    expect((await meOf(session.accessToken)).locale).toBeNull();
  });

  it('accepts a cookie-authenticated change from our own pages', async () => {
    const session = await register(pod.url);
    await api.patch('/api/auth/me/preferences').set('Cookie', session.cookie).set('Origin', pod.url).send({ locale: 'de' }).expect(200);
    expect((await api.get('/api/auth/me').set('Cookie', session.cookie).expect(200)).body).toMatchObject({ locale: 'de' });
  });

  it('refuses an unknown or missing language with 400 naming the field, and keeps the old one', async () => {
    const session = await register(pod.url);
    const patch = (body: object) => api.patch('/api/auth/me/preferences').set('Authorization', `Bearer ${session.accessToken}`).send(body);
    await patch({ locale: 'de' }).expect(200);
    for (const body of [{ locale: 'fr' }, { locale: 'DE' }, { locale: 42 }, {}]) {
      const refused = await patch(body).expect(400);
      expect(errorOf(refused)).toMatchObject({ statusCode: 400 });
      expect(JSON.stringify(errorOf(refused).message)).toMatch(/locale must be one of en, de, ar or null/);
    }
    expect((await meOf(session.accessToken)).locale).toBe('de');
  });

  it('answers 401 without a session', async () => {
    const refused = await api.patch('/api/auth/me/preferences').send({ locale: 'de' }).expect(401);
    expect(errorOf(refused).statusCode).toBe(401);
  });
});
