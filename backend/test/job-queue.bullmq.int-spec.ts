import { randomUUID } from 'node:crypto';
import { loadConfig } from '../src/config/app-config';
import { type JobHandlers } from '../src/jobs/job-queue';
import { BullJobQueue } from '../src/jobs/job-queue.bullmq';
import { deferred, jobQueueContract, RecordingHandlers } from '../src/jobs/job-queue.contract';
import { RedisService } from '../src/redis/redis.service';
import { type RedisServer, startRedis } from './support/redis-server';

describe('JobQueue contract: BullMQ adapter', () => {
  let server: RedisServer;
  let redis: RedisService;
  const config = () => loadConfig({ NODE_ENV: 'test', REDIS_URL: server.url, JOB_STALLED_MS: '1000' });

  beforeAll(async () => {
    server = await startRedis();
    redis = new RedisService(config());
    await redis.onModuleInit();
  });

  afterAll(async () => {
    await redis?.onApplicationShutdown();
    await server?.stop();
  });

  jobQueueContract(() => new BullJobQueue(redis, config()));

  it('gives up on a job whose worker was lost twice, on the worker that finds it next', async () => {
    const jobId = randomUUID();
    /** A worker that takes the job and then dies mid-run: its queue stops without finishing it. */
    const dyingWorker = async (enqueue: boolean): Promise<void> => {
      const taken = deferred();
      const handlers: JobHandlers = {
        run: () => {
          taken.resolve();
          return new Promise<void>(() => undefined);
        },
        gaveUp: async () => undefined,
      };
      const queue = new BullJobQueue(redis, config());
      await queue.start(handlers);
      if (enqueue) {
        await queue.enqueue(jobId);
      }
      await taken.promise;
      await queue.stop();
    };
    await dyingWorker(true);
    // Takes the job once BullMQ saw the first worker's lock run out and put it back.
    await dyingWorker(false);

    const survivor = new RecordingHandlers();
    const queue = new BullJobQueue(redis, config());
    await queue.start(survivor);
    try {
      await survivor.givenUp(jobId);
      expect(survivor.gaveUpOn).toEqual([{ jobId, reason: expect.stringContaining('stalled') as string }]);
      expect(survivor.runs).not.toContain(jobId);
    } finally {
      await queue.stop();
    }
  });
});
