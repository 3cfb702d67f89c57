import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { type AppConfig } from '../config/app-config';
import { type RedisService } from '../redis/redis.service';
import { type JobHandlers, JobQueue } from './job-queue';

const QUEUE = 'corkboard-jobs';
/**
 * BullMQ's scripts touch many keys of a queue at once and build some of them inside Lua, so on a
 * Redis Cluster all of a queue's keys must share one slot: the braced prefix is their hash tag.
 * A second queue would take a prefix of its own, so queues spread over the shards.
 */
const PREFIX = '{corkboard-jobs}';

/**
 * BullMQ in Redis: any pod's worker may take a job. A worker that dies stops
 * renewing its lock; after JOB_STALLED_MS another worker puts the job back in
 * the queue once (then it runs again), and fails it if that happens twice.
 */
export class BullJobQueue extends JobQueue {
  private readonly logger = new Logger('Jobs');
  private readonly queue: Queue;
  private worker?: Worker;

  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {
    super();
    this.queue = new Queue(QUEUE, { prefix: PREFIX, connection: this.connection('jobs-queue') });
  }

  async start(handlers: JobHandlers): Promise<void> {
    if (!this.config.worker) {
      this.logger.log('WORKER=false: this pod queues jobs but runs none');
      return;
    }
    this.worker = new Worker(QUEUE, async (job) => handlers.run((job.data as { jobId: string }).jobId), {
      prefix: PREFIX,
      connection: this.connection('jobs-worker'),
      concurrency: this.config.jobConcurrency,
      lockDuration: this.config.jobStalledMs,
      stalledInterval: Math.max(500, Math.floor(this.config.jobStalledMs / 2)),
      maxStalledCount: 1,
    });
    this.worker.on('failed', (job, error) => {
      // A run that threw, or a job whose worker was lost twice: BullMQ will not run it again.
      if (job) {
        const jobId = (job.data as { jobId: string }).jobId;
        handlers.gaveUp(jobId, error.message).catch((failure: unknown) => this.logger.warn(`Job ${jobId} gave up: ${String(failure)}`));
      }
    });
    this.worker.on('error', (error) => this.logger.warn(`Worker: ${error.message}`));
    await this.worker.waitUntilReady();
  }

  async enqueue(jobId: string): Promise<void> {
    await this.queue.add('run', { jobId }, { jobId, removeOnComplete: 1000, removeOnFail: 1000 });
  }

  async stop(): Promise<void> {
    // Forced: a running job is not waited for; its lock runs out and another pod takes it over.
    await this.worker?.close(true);
    await this.queue.close();
  }

  // BullMQ's blocking commands need connections that wait for Redis rather than fail fast. On a
  // cluster these options become the cluster client's per-node options, where BullMQ checks them.
  private connection(name: string) {
    return this.redis.createConnection(name, { maxRetriesPerRequest: null, enableOfflineQueue: true, lazyConnect: false });
  }
}
