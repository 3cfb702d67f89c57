import { request as httpRequest } from 'node:http';
import Redis from 'ioredis';
import request from 'supertest';
import type { EventEnvelope } from '../../contracts/events';
import type { Job, JobAccepted } from '../../contracts/jobs';
import { type MemoryJobsRepository } from '../src/jobs/jobs.memory.repository';
import { JobsRepository } from '../src/jobs/jobs.repository';
import { ApiUser } from './support/api';
import { errorOf } from './support/http';
import { freePort, type RedisServer, startRedis } from './support/redis-server';
import { SseClient, refusalOf } from './support/sse-client';
import { shortLivedToken } from './support/tokens';
import { startTestApp, type TestApp } from './support/test-app';

const modes: Array<[string, boolean]> = [
  ['memory', false],
  ['redis', true],
];

const MiB = 1024 * 1024;
/** 500 rows whose x is off the board (every row fails), padded to about `bytes` with an ignored column. */
function invalidRows(bytes = 0): Buffer {
  const pad = 'p'.repeat(Math.max(0, Math.floor(bytes / 500) - 20));
  return Buffer.from(['text,x,pad', ...Array.from({ length: 500 }, (_, i) => `row ${i},99999,${pad}`)].join('\n'));
}

describe.each(modes)('jobs under abuse (%s mode)', (_mode, useRedis) => {
  let redis: RedisServer | undefined;
  let inspector: Redis | undefined;
  let pod: TestApp;
  const streams: SseClient[] = [];

  const env = (extra: Record<string, string> = {}) => ({
    REDIS_URL: redis?.url,
    WRITE_RATE_LIMIT: '100000',
    JOB_CONCURRENCY: '1',
    JOB_MAX_ACTIVE_PER_USER: '3',
    SSE_MAX_CONNECTIONS_PER_USER: '3',
    ...extra,
  });

  beforeAll(async () => {
    if (useRedis) {
      redis = await startRedis();
      inspector = new Redis(redis.url);
    }
    // Slow batches keep a 500-row import running for seconds: long enough to look at it.
    pod = await startTestApp(env({ JOB_BATCH_PAUSE_MS: '200', METRICS_PORT: String(await freePort()) }));
  });

  afterEach(() => {
    for (const client of streams.splice(0)) {
      client.close();
    }
  });

  afterAll(async () => {
    await pod?.close();
    inspector?.disconnect();
    await redis?.stop();
  });

  const open = async (user: ApiUser | { token: string }, path?: string): Promise<SseClient> => {
    const client = await SseClient.open(pod.url, { token: user.token, path });
    streams.push(client);
    return client;
  };
  const upload = (user: ApiUser, boardId: string, file: Buffer) =>
    user.api.post(`/api/jobs/import?boardId=${boardId}`).attach('file', file, { filename: 'rows.csv', contentType: 'text/csv' });
  const startImport = async (user: ApiUser, boardId: string, file: Buffer): Promise<string> =>
    ((await upload(user, boardId, file).expect(202)).body as JobAccepted).id;
  const endOf = async (stream: SseClient, jobId: string): Promise<string> => {
    const ended = (events: typeof stream.events) =>
      events.find(
        (event) =>
          ['job.completed', 'job.failed', 'job.cancelled'].includes(event.type) &&
          (event.envelope.data as { jobId: string }).jobId === jobId,
      );
    await stream.waitFor((events) => ended(events) !== undefined, `the end of job ${jobId}`, 20_000);
    return ended(stream.events)!.type;
  };
  /** Upload bytes the pod still holds for these jobs. */
  const heldInput = async (jobIds: string[]): Promise<number> => {
    if (inspector) {
      return (await Promise.all(jobIds.map((id) => inspector!.strlen(`jobs:{${id}}:input`)))).reduce((sum, bytes) => sum + bytes, 0);
    }
    return pod.app.get<JobsRepository, MemoryJobsRepository>(JobsRepository).inputBytes;
  };

  it('saves an import of 500 bad rows a handful of times, lists the first 100 and counts them all', async () => {
    // Its own pod (and Redis): no slow worker of the other pod may take this job.
    const ownRedis = useRedis ? await startRedis() : undefined;
    const fast = await startTestApp(env({ REDIS_URL: ownRedis?.url ?? '' }));
    try {
      const user = await ApiUser.register(fast.url, 'bad-rows');
      const board = await user.createBoard('Bad rows');
      const stream = await SseClient.open(fast.url, { token: user.token });
      streams.push(stream);
      await stream.waitForType('stream.ready');
      const repository = fast.app.get(JobsRepository);
      const update = jest.spyOn(repository, 'update');
      const accepted = (
        await user.api
          .post(`/api/jobs/import?boardId=${board.id}`)
          .attach('file', invalidRows(), { filename: 'bad.csv', contentType: 'text/csv' })
          .expect(202)
      ).body as JobAccepted;
      expect(await endOf(stream, accepted.id)).toBe('job.completed');
      const reportSaves = update.mock.calls.filter(([id, patch]) => id === accepted.id && 'report' in patch).length;
      update.mockRestore();
      // It used to be one save per row (500), each rewriting the whole growing report.
      expect(reportSaves).toBeGreaterThanOrEqual(1);
      expect(reportSaves).toBeLessThanOrEqual(10);

      const expected = {
        imported: 0,
        failedCount: 500,
        failed: Array.from({ length: 100 }, (_, i) => ({
          row: i + 1,
          problem: 'x_out_of_range',
          message: 'x must be a number from 0 to 4000',
        })),
      };
      const completed = stream
        .ofType('job.completed')
        .map((event) => (event.envelope as EventEnvelope<'job.completed'>).data)
        .find((data) => data.jobId === accepted.id);
      expect(completed?.job.report).toEqual(expected);
      const listed = ((await user.api.get('/api/jobs').expect(200)).body as Job[]).find((job) => job.id === accepted.id);
      expect(listed?.report).toEqual(expected);
      expect(listed).toEqual(expect.objectContaining({ status: 'completed', processed: 500, total: 500 }));
    } finally {
      for (const client of streams.splice(0)) {
        client.close();
      }
      await fast.close();
      await ownRedis?.stop();
    }
  });

  it('refuses a hostile 5 MB file of millions of rows at upload, before any job exists', async () => {
    const user = await ApiUser.register(pod.url, 'hostile');
    const board = await user.createBoard('Target');
    const zeros = Buffer.from(`[${Array.from({ length: 2_500_000 }, () => '0').join(',')}]`);
    expect(zeros.length).toBeLessThanOrEqual(5 * MiB);
    const json = await user.api
      .post(`/api/jobs/import?boardId=${board.id}`)
      .attach('file', zeros, { filename: 'zeros.json', contentType: 'application/json' })
      .expect(400);
    expect(errorOf(json).message).toBe(
      'The file has 2500000 rows, more than the board has room for: 500 more notes fit (a board holds at most 500)',
    );
    const lines = Buffer.from(`text\n${'0\n'.repeat(2_500_000)}`);
    const csv = await upload(user, board.id, lines).expect(400);
    expect(errorOf(csv).message).toBe('The file has more rows than the board has room for: 500 more notes fit (a board holds at most 500)');
    expect((await user.api.get('/api/jobs').expect(200)).body).toEqual([]);
  });

  it('frees the upload of every import that ends, cancelled, failed or done, and caps the jobs a user may have at once', async () => {
    const user = await ApiUser.register(pod.url, 'uploader');
    const board = await user.createBoard('Uploads');
    const doomed = await user.createBoard('Deleted before its import runs');
    const stream = await open(user);
    await stream.waitForType('stream.ready');
    const file = invalidRows(4 * MiB);
    expect(file.length).toBeGreaterThan(3.9 * MiB);

    const running = await startImport(user, board.id, file);
    await stream.waitFor(
      (events) => events.some((event) => event.type === 'job.progress' && (event.envelope.data as { jobId: string }).jobId === running),
      'the first import to run',
    );
    const queued = await startImport(user, board.id, file);
    const failing = await startImport(user, doomed.id, file);
    const ids = [running, queued, failing];
    expect(await heldInput(ids)).toBeGreaterThanOrEqual(3 * file.length);

    // A fourth job is one too many, whether import or export; the file is not even read.
    const tooMany = await upload(user, board.id, file).expect(429);
    expect(Number(tooMany.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(errorOf(tooMany).message).toMatch(/3 jobs queued or running/);
    await user.api
      .post('/api/jobs')
      .send({ type: 'board.export', params: { format: 'json' } })
      .expect(429);

    await user.api.delete(`/api/jobs/${queued}`).expect(200);
    await user.api.delete(`/api/boards/${doomed.id}`).expect(204);
    await user.api.delete(`/api/jobs/${running}`).expect(200);
    expect(await endOf(stream, queued)).toBe('job.cancelled');
    expect(await endOf(stream, running)).toBe('job.cancelled');
    expect(await endOf(stream, failing)).toBe('job.failed');
    expect(await heldInput(ids)).toBe(0);

    // Places are given back as jobs end; a job that completes frees its upload too.
    const done = await startImport(user, board.id, invalidRows());
    expect(await endOf(stream, done)).toBe('job.completed');
    expect(await heldInput([...ids, done])).toBe(0);
  });

  it('admits job streams like every other stream: the per-user cap, the metrics, and the end after the job', async () => {
    const user = await ApiUser.register(pod.url, 'watcher');
    const board = await user.createBoard('Watched');
    const own = await open(user);
    await own.waitForType('stream.ready');
    const jobId = await startImport(user, board.id, invalidRows());
    const path = `/api/jobs/${jobId}/events`;
    const watchers = [await open(user, path), await open(user, path)];
    for (const watcher of watchers) {
      await watcher.waitForType('job.state');
    }

    // Three streams of this user are open (one /api/events, two job streams): both kinds are refused now.
    const jobRefused = await refusalOf(SseClient.open(pod.url, { token: user.token, path }));
    expect(jobRefused.status).toBe(429);
    expect(jobRefused.headers['retry-after']).toBeDefined();
    expect((await refusalOf(SseClient.open(pod.url, { token: user.token }))).status).toBe(429);
    const metrics = (await request(pod.metricsUrl!).get('/metrics').expect(200)).text;
    expect(Number(/^sse_connections_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(3);
    expect(metrics).toMatch(/^sse_connections_refused_total\{status="429"\} [1-9]/m);

    await user.api.delete(`/api/jobs/${jobId}`).expect(200);
    for (const watcher of watchers) {
      await watcher.waitForEnd(10_000);
      const types = watcher.events.map((event) => event.type);
      expect(types[0]).toBe('job.state');
      expect(types[types.length - 1]).toBe('job.cancelled');
      expect(watcher.events.every((event) => event.id.startsWith(`${jobId}:`))).toBe(true);
    }
    // Their places are given back.
    const again = await open(user, path);
    await again.waitForEnd();
    expect(again.events.map((event) => event.type)).toEqual(['job.state']);
  });

  it('ends a job stream when its token expires', async () => {
    const user = await ApiUser.register(pod.url, 'expiring');
    const board = await user.createBoard('Long job');
    const jobId = await startImport(user, board.id, invalidRows());
    try {
      const watcher = await open({ token: shortLivedToken(user.id, 2) }, `/api/jobs/${jobId}/events`);
      await watcher.waitForEnd(10_000);
      const closing = watcher.ofType('stream.closing')[0]?.envelope as EventEnvelope<'stream.closing'> | undefined;
      expect(closing?.data).toEqual({ reason: 'session_expired' });
      expect(watcher.ofType('session.expiring')).toHaveLength(1);
      expect(((await user.api.get(`/api/jobs/${jobId}`).expect(200)).body as Job).status).toBe('running');
    } finally {
      await user.api.delete(`/api/jobs/${jobId}`);
    }
  });

  it('checks the board before it reads the upload: a non-member is refused while still sending', async () => {
    const owner = await ApiUser.register(pod.url, 'owner');
    const stranger = await ApiUser.register(pod.url, 'stranger');
    const board = await owner.createBoard('Not for strangers');
    const boundary = 'corkboard-test-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\ntext\n`;
    const declared = 5 * MiB;

    const answer = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      let sent = 0;
      const req = httpRequest(
        new URL(`/api/jobs/import?boardId=${board.id}`, pod.url),
        {
          method: 'POST',
          agent: false,
          headers: {
            Authorization: `Bearer ${stranger.token}`,
            'Content-Type': `multipart/form-data; boundary=${boundary}`,
            'Content-Length': String(declared),
          },
        },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => {
            resolve({ status: response.statusCode ?? 0, body, sent });
            req.destroy();
          });
        },
      );
      req.on('error', reject);
      // Only the start of the declared 5 MB is ever sent: a server waiting for the whole body would never answer.
      req.write(head);
      sent = head.length + 64 * 1024;
      req.write(Buffer.alloc(64 * 1024, 'a'));
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual(
      expect.objectContaining({ statusCode: 403, message: 'Only members of this board can do that' }),
    );
    expect(answer.sent).toBeLessThan(declared / 50);

    await stranger.api.post('/api/jobs/import').attach('file', invalidRows(), { filename: 'x.csv', contentType: 'text/csv' }).expect(400);
    await stranger.api
      .post('/api/jobs/import?boardId=not-a-board')
      .attach('file', invalidRows(), { filename: 'x.csv', contentType: 'text/csv' })
      .expect(400);
  });

  it('closes job streams when the pod shuts down', async () => {
    const second = await startTestApp(env({ JOB_BATCH_PAUSE_MS: '200' }));
    let closed = false;
    try {
      const user = await ApiUser.register(second.url, 'shutdown');
      const board = await user.createBoard('Until shutdown');
      const jobId = (
        (
          await user
            .on(second.url)
            .api.post(`/api/jobs/import?boardId=${board.id}`)
            .attach('file', invalidRows(), { filename: 'x.csv', contentType: 'text/csv' })
            .expect(202)
        ).body as JobAccepted
      ).id;
      const watcher = await SseClient.open(second.url, { token: user.token, path: `/api/jobs/${jobId}/events` });
      streams.push(watcher);
      await watcher.waitForType('job.state');
      await second.close();
      closed = true;
      await watcher.waitForEnd();
      expect((watcher.ofType('stream.closing')[0]?.envelope as EventEnvelope<'stream.closing'>).data).toEqual({ reason: 'shutdown' });
    } finally {
      if (!closed) {
        await second.close();
      }
    }
  });
});
