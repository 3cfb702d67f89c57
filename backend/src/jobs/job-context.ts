import type { ImportReport } from '../../../contracts/jobs';
import type { AuthUser } from '../auth/auth-user';
import type { JobRecord } from './jobs.repository';

/** What a running job may do: report real progress, stop at checkpoints, keep partial results. */
export interface JobContext {
  readonly job: JobRecord;
  /** The owner, as the job acts on their behalf (membership is checked again at run time). */
  readonly owner: AuthUser;
  report(processed: number, total: number, message: string): void;
  /** Between batches: yields, pauses (JOB_BATCH_PAUSE_MS) and throws if cancelling was asked for. */
  checkpoint(): Promise<void>;
  /** Saves how far an import got, so a retried job continues instead of importing rows twice. */
  saveReport(report: ImportReport, processed: number): Promise<void>;
}
