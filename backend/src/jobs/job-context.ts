import type { ImportReport } from '../../../contracts/jobs';
import type { Actor } from '../users/actor';
import type { JobRecord } from './jobs.repository';

/** What a running job may do: report real progress, stop at checkpoints, keep partial results. */
export interface JobContext {
  readonly job: JobRecord;
  /** The owner, as the job acts on their behalf (membership is checked again at run time). */
  readonly owner: Actor;
  report(processed: number, total: number, message: string): void;
  /** Between batches: yields, pauses (JOB_BATCH_PAUSE_MS) and throws if cancelling was asked for. */
  checkpoint(): Promise<void>;
  /**
   * Saves how far an import got and its counts, so a retried job continues from there.
   * Called a few times a second at most, never per row: the record is rewritten on each call.
   */
  saveReport(report: ImportReport, processed: number): Promise<void>;
}
