import { expect } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HealthCheckResult } from '@nestjs/terminus';
import request from 'supertest';
import { type RedisServer, startRedis } from './support/redis-server';
import { startTestApp, type TestApp } from './support/test-app';

/** The parts of the OpenAPI document these tests read. */
interface OpenApiDocument {
  components: { securitySchemes: Record<string, unknown> };
  paths: Record<string, Record<string, { responses: Record<string, OpenApiResponse> }>>;
}

interface OpenApiResponse {
  content: Record<string, { schema: { oneOf: Array<{ properties: { type: { enum: string[] } } }> } }>;
}

describe('health, docs and error shape', () => {
  let redis: RedisServer;
  let pod: TestApp;

  beforeAll(async () => {
    redis = await startRedis();
    pod = await startTestApp({ REDIS_URL: redis.url });
  });

  afterAll(async () => {
    await pod?.close();
    await redis.stop();
  });

  it('is live and ready while Redis answers', async () => {
    await request(pod.url).get('/api/health/live').expect(200, { status: 'ok' });
    const ready = await request(pod.url).get('/api/health/ready').expect(200);
    expect((ready.body as HealthCheckResult).details.redis).toEqual(
      expect.objectContaining({ status: 'up', latencyMs: expect.any(Number) }),
    );
  });

  it('stays live but is not ready while Redis is down, and recovers by itself', async () => {
    await redis.stop();
    await request(pod.url).get('/api/health/live').expect(200);
    const started = Date.now();
    const down = await request(pod.url).get('/api/health/ready').expect(503);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((down.body as HealthCheckResult).details.redis.status).toBe('down');
    // Writes fail with 503 + Retry-After rather than 500 or a hang.
    const write = await request(pod.url).post('/api/auth/register').send({ username: 'while-down', password: 'password1' }).expect(503);
    expect(write.headers['retry-after']).toBeDefined();

    await redis.start();
    await waitFor(async () => (await request(pod.url).get('/api/health/ready')).status === 200);
    await request(pod.url).post('/api/auth/register').send({ username: 'after-recovery', password: 'password1' }).expect(201);
  });

  it('serves the OpenAPI document with both auth schemes and every auth route', async () => {
    const docs = (await request(pod.url).get('/api/docs-json').expect(200)).body as OpenApiDocument;
    expect(Object.keys(docs.components.securitySchemes)).toEqual(expect.arrayContaining(['bearer', 'cookie']));
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/register',
        '/api/auth/login',
        '/api/auth/logout',
        '/api/auth/me',
        '/api/health/ready',
        '/api/admin/health',
      ]),
    );
    expect(docs.paths['/api/auth/register'].post.responses['409']).toBeDefined();
    const stream = docs.paths['/api/events'].get.responses['200'].content['text/event-stream'].schema;
    const types = stream.oneOf.map((envelope) => envelope.properties.type.enum[0]);
    expect(types).toEqual(
      expect.arrayContaining(['stream.ready', 'heartbeat', 'reset', 'note.created', 'note.updated', 'note.deleted', 'notification']),
    );
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining([
        '/api/events',
        '/api/events/ping',
        '/api/boards',
        '/api/boards/{id}',
        '/api/boards/{id}/members',
        '/api/boards/{id}/members/{userId}',
        '/api/boards/{id}/owner',
        '/api/boards/{id}/invitations',
        '/api/boards/{id}/invitations/{invitationId}',
        '/api/invitations',
        '/api/invitations/{id}/accept',
        '/api/invitations/{id}/decline',
        '/api/boards/{id}/invite-links',
        '/api/boards/{id}/invite-links/{linkId}',
        '/api/invite-links/{token}',
        '/api/invite-links/{token}/accept',
        '/api/boards/{boardId}/notes',
        '/api/boards/{boardId}/notes/{noteId}',
      ]),
    );
    await request(pod.url).get('/api/docs').expect(200).expect('Content-Type', /html/);
  });

  it('answers unknown API routes with 404 in the error shape', async () => {
    const response = await request(pod.url).get('/api/nope').expect(404);
    expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String), code: 'not_found' });
  });

  it('tags every response with a request id, and keeps a sane one given by the caller', async () => {
    const response = await request(pod.url).get('/api/health/live').set('X-Request-Id', 'trace-abc.123');
    expect(response.headers['x-request-id']).toBe('trace-abc.123');
    const generated = await request(pod.url).get('/api/health/live').set('X-Request-Id', 'bad id with spaces');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the built app beside the API', () => {
  let pod: TestApp;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'corkboard-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Corkboard test build</title>');
    writeFileSync(join(staticDir, 'main-4QKAXLTB.js'), 'console.log("app");');
    writeFileSync(join(staticDir, 'ngsw-worker.js'), 'self.addEventListener("fetch", () => undefined);');
    writeFileSync(join(staticDir, 'ngsw.json'), '{"configVersion":1}');
    writeFileSync(join(staticDir, 'manifest.webmanifest'), '{"name":"Corkboard"}');
    // A file where an API path points must never be served in its place.
    mkdirSync(join(staticDir, 'api'));
    writeFileSync(join(staticDir, 'api', 'boards'), 'not the API');
    pod = await startTestApp({ STATIC_DIR: staticDir });
  });

  afterAll(async () => {
    await pod?.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('serves index.html for pages, uncached, and hashed bundles for good', async () => {
    for (const path of ['/', '/boards/some-board']) {
      const page = await request(pod.url).get(path).set('Accept', 'text/html').expect(200);
      expect(page.text).toContain('Corkboard test build');
      expect(page.headers['cache-control']).toBe('no-cache');
    }
    const bundle = await request(pod.url).get('/main-4QKAXLTB.js').expect(200);
    expect(bundle.headers['cache-control']).toContain('immutable');
  });

  it('has the browser ask again for the service worker, its manifest and the web manifest, so updates are seen', async () => {
    for (const path of ['/ngsw-worker.js', '/ngsw.json', '/manifest.webmanifest']) {
      const file = await request(pod.url).get(path).expect(200);
      expect(file.headers['cache-control']).toBe('no-cache');
    }
    const manifest = await request(pod.url).get('/manifest.webmanifest').expect(200);
    expect(manifest.headers['content-type']).toMatch(/^application\/manifest\+json/);
  });

  it('never answers an API path with a file or the page', async () => {
    const boards = await request(pod.url).get('/api/boards').set('Accept', 'text/html').expect(401);
    expect(boards.body).toEqual(expect.objectContaining({ statusCode: 401 }));
    const unknown = await request(pod.url).get('/api/nope').set('Accept', 'text/html').expect(404);
    expect(unknown.body).toEqual(expect.objectContaining({ statusCode: 404, error: 'Not Found' }));
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met in time');
}
