/** Runs one job; given by the jobs service to whichever queue adapter is in use. */
export type JobHandler = (jobId: string) => Promise<void>;

/**
 * Port: where queued jobs wait for a worker. In process for the embedded mode;
 * BullMQ in Redis mode, so a job queued on one pod can run on any pod's worker.
 */
export abstract class JobQueue {
  abstract start(handler: JobHandler): Promise<void>;
  abstract enqueue(jobId: string): Promise<void>;
  abstract stop(): Promise<void>;
}
