import { Logger } from '@nestjs/common';
import { type AppConfig } from '../config/app-config';
import { type JobHandlers, JobQueue } from './job-queue';

/**
 * In-process queue: FIFO, JOB_CONCURRENCY jobs at a time. Its worker cannot be lost without the
 * whole process, so the only job it gives up on is one whose run threw; it is not retried.
 */
export class MemoryJobQueue extends JobQueue {
  private readonly waiting: string[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly logger = new Logger('Jobs');
  private handlers?: JobHandlers;
  private stopped = false;
  private readonly concurrency: number;

  constructor(config: AppConfig) {
    super();
    this.concurrency = config.jobConcurrency;
  }

  async start(handlers: JobHandlers): Promise<void> {
    this.handlers = handlers;
    this.pump();
  }

  async enqueue(jobId: string): Promise<void> {
    this.waiting.push(jobId);
    setImmediate(() => this.pump());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.running]);
  }

  private pump(): void {
    const handlers = this.handlers;
    while (!this.stopped && handlers && this.running.size < this.concurrency && this.waiting.length > 0) {
      const jobId = this.waiting.shift()!;
      const run = this.runOnce(handlers, jobId).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async runOnce(handlers: JobHandlers, jobId: string): Promise<void> {
    try {
      await handlers.run(jobId);
    } catch (error) {
      try {
        await handlers.gaveUp(jobId, error instanceof Error ? error.message : String(error));
      } catch (failure) {
        this.logger.warn(`Job ${jobId} gave up: ${String(failure)}`);
      }
    }
  }
}
