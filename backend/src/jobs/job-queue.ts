/** Runs one job; given by the jobs service to whichever queue adapter is in use. */
export type JobHandler = (jobId: string) => Promise<void>;

/** Told about a job the queue will not run again although it did not finish: its record must say so. */
export type GaveUpHandler = (jobId: string, reason: string) => Promise<void>;

export interface JobHandlers {
  run: JobHandler;
  /**
   * Called once per job the queue gave up on: its run threw (both adapters retry nothing), or,
   * on BullMQ, the worker running it was lost twice.
   */
  gaveUp: GaveUpHandler;
}

/**
 * Port: where queued jobs wait for a worker. In process for the embedded mode;
 * BullMQ in Redis mode, so a job queued on one pod can run on any pod's worker.
 */
export abstract class JobQueue {
  /** Starts taking jobs (a pod without a worker only queues them). */
  abstract start(handlers: JobHandlers): Promise<void>;
  abstract enqueue(jobId: string): Promise<void>;
  /** Takes no more jobs; a running one is not waited for by BullMQ (its lock runs out and another pod takes it). */
  abstract stop(): Promise<void>;
}
