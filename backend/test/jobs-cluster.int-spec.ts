import type { EventEnvelope } from '../../contracts/events';
import type { Job, JobAccepted } from '../../contracts/jobs';
import { ApiUser } from './support/api';
import { type PodProcess, startPodProcess } from './support/pod-process';
import { REDIS_BACKENDS, type RedisBackend, startRedisBackend } from './support/redis-backend';
import { SseClient, type SseEvent } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';

const csv = (count: number): Buffer => Buffer.from(['text', ...Array.from({ length: count }, (_, i) => `row ${i}`)].join('\n'));

const progressOf = (events: SseEvent[], jobId: string): number[] =>
  events
    .filter((event) => event.type === 'job.progress')
    .map((event) => (event.envelope as EventEnvelope<'job.progress'>).data)
    .filter((data) => data.jobId === jobId)
    .map((data) => data.progress);

describe.each(REDIS_BACKENDS)('jobs on BullMQ across pods, on %s', (backend) => {
  let redis: RedisBackend;

  beforeAll(async () => {
    redis = await startRedisBackend(backend);
  });

  afterAll(async () => {
    await redis?.stop();
  });

  describe('a job queued on an HTTP-only pod', () => {
    let httpPod: TestApp;
    let workerPod: TestApp;

    beforeAll(async () => {
      const env = { ...redis.env, WRITE_RATE_LIMIT: '100000' };
      [httpPod, workerPod] = await Promise.all([
        startTestApp({ ...env, WORKER: 'false' }),
        startTestApp({ ...env, JOB_BATCH_PAUSE_MS: '10' }),
      ]);
    });

    afterAll(async () => {
      await Promise.all([httpPod?.close(), workerPod?.close()]);
    });

    it("runs on the other pod's worker, and its progress and completion reach the stream on the first pod", async () => {
      const owner = await ApiUser.register(httpPod.url, 'bull');
      const board = await owner.createBoard('Queued on A');
      for (let i = 0; i < 150; i++) {
        await owner.createNote(board.id, `n${i}`);
      }
      const stream = await SseClient.open(httpPod.url, { token: owner.token });
      try {
        await stream.waitForType('stream.ready');
        const accepted = (
          await owner.api
            .post('/api/jobs')
            .send({ type: 'board.export', params: { boardId: board.id, format: 'markdown' } })
            .expect(202)
        ).body as JobAccepted;
        await stream.waitForType('job.completed', 1, 20_000);
        const progress = progressOf(stream.events, accepted.id);
        expect(progress.length).toBeGreaterThanOrEqual(1);
        expect([...progress].sort((a, b) => a - b)).toEqual(progress);
        expect(progress[progress.length - 1]).toBe(100);
        const job = (await owner.api.get(`/api/jobs/${accepted.id}`).expect(200)).body as Job;
        expect(job).toEqual(expect.objectContaining({ status: 'completed', processed: 150, total: 150 }));
        // The result is stored in Redis, so any pod can serve the download.
        const file = await owner.on(workerPod.url).api.get(job.resultUrl!).expect(200);
        expect(file.text).toContain('# Queued on A');
      } finally {
        stream.close();
      }
    });
  });

  describe('a worker that is killed mid-job', () => {
    const pods: PodProcess[] = [];
    const streams: SseClient[] = [];

    afterAll(async () => {
      for (const client of streams) {
        client.close();
      }
      for (const pod of pods) {
        pod.child.kill('SIGKILL');
      }
      await Promise.all(pods.map((pod) => pod.exited));
    });

    it('has its job finished by another pod after the stalled interval, importing every row exactly once', async () => {
      const env = { ...redis.env, WRITE_RATE_LIMIT: '100000', JOB_STALLED_MS: '2000', JOB_BATCH_PAUSE_MS: '40' };
      const httpOnly = await startPodProcess({ ...env, WORKER: 'false' });
      const doomed = await startPodProcess(env);
      pods.push(httpOnly, doomed);
      const owner = await ApiUser.register(httpOnly.url, 'crash');
      const board = await owner.createBoard('Survives a crash');
      const stream = await SseClient.open(httpOnly.url, { token: owner.token });
      streams.push(stream);
      await stream.waitForType('stream.ready');

      const accepted = (
        await owner.api
          .post(`/api/jobs/import?boardId=${board.id}`)
          .attach('file', csv(300), { filename: 'rows.csv', contentType: 'text/csv' })
          .expect(202)
      ).body as JobAccepted;
      await stream.waitFor((events) => progressOf(events, accepted.id).some((progress) => progress >= 10), 'the import to be under way');
      const killedAt = Date.now();
      doomed.child.kill('SIGKILL');
      await doomed.exited;
      expect(((await owner.api.get(`/api/jobs/${accepted.id}`).expect(200)).body as Job).status).toBe('running');

      pods.push(await startPodProcess(env));
      await stream.waitFor(
        (events) =>
          events.some(
            (event) =>
              ['job.completed', 'job.failed'].includes(event.type) && (event.envelope.data as { jobId: string }).jobId === accepted.id,
          ),
        'the job to end on the surviving worker',
        30_000,
      );
      const job = (await owner.api.get(`/api/jobs/${accepted.id}`).expect(200)).body as Job;
      expect(job.status).toBe('completed');
      expect(job.report).toEqual({ imported: 300, failed: [], failedCount: 0 });
      expect(Date.now() - killedAt).toBeLessThan(30_000);
      const notes = (await owner.snapshot(board.id)).notes;
      expect(notes).toHaveLength(300);
      expect(new Set(notes.map((note) => note.text)).size).toBe(300);
    }, 90_000);
  });
});
