import type { EventMap } from '@contracts/events';
import { BOARD_HEIGHT, BOARD_WIDTH, MAX_NOTE_TEXT, MAX_NOTES_PER_BOARD, NOTE_COLORS } from '@contracts/boards';
import type { ExportFormat, ExportParams, ImportParams, ImportRowError, Job, JobStatus } from '@contracts/jobs';

import { textForCode } from '../core/api-error';
import { formatInteger } from '../i18n/format';

// Format names are the same in every language.
export const FORMAT_LABELS: Record<ExportFormat, string> = { json: 'JSON', csv: 'CSV', markdown: 'Markdown' };

export const STATUS_LABELS: Record<JobStatus, string> = {
  queued: $localize`:@@jobs.status.queued:Queued`,
  running: $localize`:@@jobs.status.running:Running`,
  completed: $localize`:@@jobs.status.completed:Done`,
  failed: $localize`:@@jobs.status.failed:Failed`,
  cancelled: $localize`:@@jobs.status.cancelled:Cancelled`,
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
      return $localize`:@@jobs.title.exportAll:Export all boards as ${format}:format:`;
    }
    const title = titles.get(job.params.boardId);
    return title
      ? $localize`:@@jobs.title.exportBoard:Export “${title}:title:” as ${format}:format:`
      : $localize`:@@jobs.title.exportSomeBoard:Export a board as ${format}:format:`;
  }
  if (isImport(job)) {
    const title = titles.get(job.params.boardId);
    const file = job.params.fileName;
    return title
      ? $localize`:@@jobs.title.importInto:Import ${file}:file: into “${title}:title:”`
      : $localize`:@@jobs.title.import:Import ${file}:file:`;
  }
  return $localize`:@@jobs.title.job:Job`;
}

/** The toast for a job that just finished, or null when nothing needs saying. */
export function finishedMessage(
  job: Job,
  titles: ReadonlyMap<string, string>,
  locale = 'en',
): { kind: 'info' | 'error'; text: string } | null {
  if (job.status === 'failed') {
    const what = jobTitle(job, titles);
    const error = job.errorCode ? textForCode(job.errorCode) : $localize`:@@jobs.error.unknown:unknown error`;
    return { kind: 'error', text: $localize`:@@jobs.toast.failed:${what}:job: failed: ${error}:error:` };
  }
  if (job.status !== 'completed') {
    return null;
  }
  if (isImport(job)) {
    const report = job.report ?? { imported: job.processed, failed: [], failedCount: 0 };
    const title = titles.get(job.params.boardId);
    const imported = importedText(report.imported, title, locale);
    const failed = report.failedCount;
    if (failed === 0) {
      return { kind: 'info', text: imported };
    }
    const skipped =
      failed === 1
        ? $localize`:@@jobs.toast.skipped.one:1 row was skipped — see Jobs.`
        : $localize`:@@jobs.toast.skipped:${formatInteger(failed, locale)}:count: rows were skipped — see Jobs.`;
    return { kind: 'info', text: `${imported} ${skipped}` };
  }
  if (isExport(job)) {
    const format = FORMAT_LABELS[job.params.format] ?? job.params.format;
    const title = job.params.boardId ? titles.get(job.params.boardId) : undefined;
    const text = !job.params.boardId
      ? $localize`:@@jobs.toast.exportedAll:Your boards are exported as ${format}:format:. Download it from Jobs.`
      : title
        ? $localize`:@@jobs.toast.exportedBoard:“${title}:title:” is exported as ${format}:format:. Download it from Jobs.`
        : $localize`:@@jobs.toast.exportedSomeBoard:Your board is exported as ${format}:format:. Download it from Jobs.`;
    return { kind: 'info', text };
  }
  return null;
}

/** "Imported 3 notes into “Retro”." */
function importedText(count: number, title: string | undefined, locale: string): string {
  const n = formatInteger(count, locale);
  if (title) {
    return count === 1
      ? $localize`:@@jobs.toast.importedInto.one:Imported 1 note into “${title}:title:”.`
      : $localize`:@@jobs.toast.importedInto:Imported ${n}:count: notes into “${title}:title:”.`;
  }
  return count === 1
    ? $localize`:@@jobs.toast.imported.one:Imported 1 note.`
    : $localize`:@@jobs.toast.imported:Imported ${n}:count: notes.`;
}

/**
 * The server words an import's refused rows in English; the known ones are said in the user's
 * language (their English text unchanged), anything else generically rather than untranslated.
 */
export function rowProblem(error: Pick<ImportRowError, 'problem'>, locale = 'en'): string {
  const number = (value: number): string => formatInteger(value, locale);
  switch (error.problem) {
    case 'not_an_object':
      return $localize`:@@jobs.row.notObject:not an object`;
    case 'text_missing':
      return $localize`:@@jobs.row.noText:text is missing`;
    case 'text_too_long':
      return $localize`:@@jobs.row.textTooLong:text is longer than ${number(MAX_NOTE_TEXT)}:max: characters`;
    case 'x_out_of_range':
      return $localize`:@@jobs.row.badPosition:${'x'}:axis: must be a number from 0 to ${number(BOARD_WIDTH)}:max:`;
    case 'y_out_of_range':
      return $localize`:@@jobs.row.badPosition:${'y'}:axis: must be a number from 0 to ${number(BOARD_HEIGHT)}:max:`;
    case 'unknown_color':
      // Colour names stay as a file must spell them.
      return $localize`:@@jobs.row.badColor:color must be one of ${NOTE_COLORS.join(', ')}:colors:`;
    case 'board_full':
      return $localize`:@@jobs.row.boardFull:the board is full (${number(MAX_NOTES_PER_BOARD)}:max: notes)`;
    default:
      // A report from before problems had codes, or a newer server's.
      return $localize`:@@jobs.row.unknown:this row could not be read`;
  }
}
