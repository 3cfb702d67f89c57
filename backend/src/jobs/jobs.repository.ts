import type { Job } from '../../../contracts/jobs';

/** A job as stored: the public view plus who owns it and whether cancelling was asked for. */
export interface JobRecord extends Job {
  ownerId: string;
  cancelRequested?: boolean;
  /** Imports: rows handled as of the saved report; a retried job starts there. */
  resumeAt?: number;
}

export interface StoredResult {
  fileName: string;
  contentType: string;
  body: Buffer;
}

export const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

/**
 * Port: job records, their uploaded input and their result file. A job leaves
 * `queued`/`running` exactly once (`finish`), so its terminal event is
 * published once, whichever pod or worker gets there first.
 */
export abstract class JobsRepository {
  /**
   * Stores a new job (and its uploaded input) unless its owner already has `maxActive`
   * jobs queued or running: false then, and nothing is stored.
   */
  abstract create(job: JobRecord, maxActive: number, input?: Buffer): Promise<boolean>;
  /** The owner's jobs that are queued or running. */
  abstract countActive(ownerId: string): Promise<number>;
  abstract get(id: string): Promise<JobRecord | undefined>;
  /** Newest first, at most 50. */
  abstract listFor(ownerId: string): Promise<JobRecord[]>;
  /** Merges the patch into a job that is not finished; returns the job, or undefined when it is finished. */
  abstract update(id: string, patch: Partial<JobRecord>): Promise<JobRecord | undefined>;
  /**
   * Finishes a job that is not finished yet (and drops its input, whatever the outcome);
   * undefined when someone else finished it first.
   */
  abstract finish(id: string, patch: Partial<JobRecord>): Promise<JobRecord | undefined>;
  abstract loadInput(id: string): Promise<Buffer | undefined>;
  abstract saveResult(id: string, result: StoredResult, ttlSeconds: number): Promise<void>;
  abstract loadResult(id: string): Promise<StoredResult | undefined>;
}
