import { type AppConfig } from '../config/app-config';
import { type JobHandler, JobQueue } from './job-queue';

/** In-process queue: FIFO, JOB_CONCURRENCY jobs at a time. */
export class MemoryJobQueue extends JobQueue {
  private readonly waiting: string[] = [];
  private readonly running = new Set<Promise<void>>();
  private handler?: JobHandler;
  private stopped = false;
  private readonly concurrency: number;

  constructor(config: AppConfig) {
    super();
    this.concurrency = config.jobConcurrency;
  }

  async start(handler: JobHandler): Promise<void> {
    this.handler = handler;
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
    while (!this.stopped && this.handler && this.running.size < this.concurrency && this.waiting.length > 0) {
      const jobId = this.waiting.shift()!;
      const run = this.handler(jobId).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }
}
