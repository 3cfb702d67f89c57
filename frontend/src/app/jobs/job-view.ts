import type { EventMap } from '@contracts/events';
import type { ExportFormat, ExportParams, ImportParams, Job, JobStatus } from '@contracts/jobs';

export const FORMAT_LABELS: Record<ExportFormat, string> = { json: 'JSON', csv: 'CSV', markdown: 'Markdown' };

export const STATUS_LABELS: Record<JobStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  completed: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const FINISHED = new Set<JobStatus>(['completed', 'failed', 'cancelled']);

export function isFinished(job: Job): boolean {
  return FINISHED.has(job.status);
}

export function isExport(job: Job): job is Job & { params: ExportParams } {
  return job.type === 'board.export';
}

export function isImport(job: Job): job is Job & { params: ImportParams } {
  return job.type === 'board.import';
}

/**
 * Combines what we hold with a newer report of the same job (from an event or a GET):
 * a finished job never comes back to life, and progress never goes down.
 */
export function mergeJob(held: Job | undefined, incoming: Job): Job {
  if (!held || isFinished(incoming)) {
    return held && isFinished(held) ? { ...incoming, report: incoming.report ?? held.report } : incoming;
  }
  if (isFinished(held)) {
    return held;
  }
  const status = held.status === 'running' ? 'running' : incoming.status;
  if (incoming.progress < held.progress) {
    return { ...incoming, status, progress: held.progress, processed: held.processed, total: held.total, message: held.message };
  }
  return { ...incoming, status };
}

/** A job.progress event on top of what we hold (ignored once the job has finished). */
export function withProgress(held: Job, update: EventMap['job.progress']): Job {
  if (isFinished(held) || update.progress < held.progress) {
    return held;
  }
  const { progress, processed, total, message } = update;
  return { ...held, status: 'running', progress, processed, total, message };
}

/** What the job is about, in words: “Export “Retro” as CSV”. */
export function jobTitle(job: Job, titles: ReadonlyMap<string, string>): string {
  if (isExport(job)) {
    const format = FORMAT_LABELS[job.params.format] ?? job.params.format;
    if (!job.params.boardId) {
      return `Export all boards as ${format}`;
    }
    const title = titles.get(job.params.boardId);
    return title ? `Export “${title}” as ${format}` : `Export a board as ${format}`;
  }
  if (isImport(job)) {
    const title = titles.get(job.params.boardId);
    return `Import ${job.params.fileName}${title ? ` into “${title}”` : ''}`;
  }
  return 'Job';
}

/** The toast for a job that just finished, or null when nothing needs saying. */
export function finishedMessage(job: Job, titles: ReadonlyMap<string, string>): { kind: 'info' | 'error'; text: string } | null {
  if (job.status === 'failed') {
    return { kind: 'error', text: `${jobTitle(job, titles)} failed: ${job.error ?? 'unknown error'}` };
  }
  if (job.status !== 'completed') {
    return null;
  }
  if (isImport(job)) {
    const report = job.report ?? { imported: job.processed, failed: [], failedCount: 0 };
    const title = titles.get(job.params.boardId);
    const into = title ? ` into “${title}”` : '';
    const failed = report.failedCount;
    const rest = failed > 0 ? ` ${failed} ${failed === 1 ? 'row was' : 'rows were'} skipped — see Jobs.` : '';
    return { kind: 'info', text: `Imported ${report.imported} ${report.imported === 1 ? 'note' : 'notes'}${into}.${rest}` };
  }
  if (isExport(job)) {
    const format = FORMAT_LABELS[job.params.format] ?? job.params.format;
    const title = job.params.boardId ? titles.get(job.params.boardId) : undefined;
    const what = !job.params.boardId ? 'Your boards are' : title ? `“${title}” is` : 'Your board is';
    return { kind: 'info', text: `${what} exported as ${format}. Download it from Jobs.` };
  }
  return null;
}
