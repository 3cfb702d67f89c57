import type { ErrorCode } from './errors';

export const JOB_TYPES = ['board.export', 'board.import'] as const;
export type JobType = (typeof JOB_TYPES)[number];
export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
export const EXPORT_FORMATS = ['json', 'csv', 'markdown'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** Import files may be at most this large (bytes). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export interface ExportParams {
  /** One board; omit to export every board you are a member of (a ZIP when more than one file). */
  boardId?: string;
  format: ExportFormat;
}

export interface ImportParams {
  boardId: string;
  fileName: string;
}

/** Why an import row was skipped; the limits are the board's (contracts/boards.ts). */
export const IMPORT_ROW_PROBLEMS = [
  'not_an_object',
  'text_missing',
  'text_too_long',
  'x_out_of_range',
  'y_out_of_range',
  'unknown_color',
  'board_full',
] as const;
export type ImportRowProblem = (typeof IMPORT_ROW_PROBLEMS)[number];

export interface ImportRowError {
  /** 1-based data row (CSV: the line after the header is row 1; JSON: the array index + 1). */
  row: number;
  /** Stable reason; the app shows its own text for it. */
  problem: ImportRowProblem;
  /** English, for API clients and logs. */
  message: string;
}

/** An import report lists at most this many failed rows; `failedCount` counts them all. */
export const MAX_REPORTED_FAILURES = 100;

export interface ImportReport {
  imported: number;
  /** The first MAX_REPORTED_FAILURES failed rows, in row order. */
  failed: ImportRowError[];
  /** Every failed row, including those beyond the listed ones. */
  failedCount: number;
}

export interface Job {
  id: string;
  type: JobType;
  status: JobStatus;
  /** 0–100, from the work actually done: processed / total. */
  progress: number;
  processed: number;
  total: number;
  message: string;
  /** English, for logs and API clients; the app shows its own text for `errorCode`. */
  error?: string;
  /** Why a failed job failed (contracts/errors.ts). */
  errorCode?: ErrorCode;
  /** Download link once completed (owner only; expires). */
  resultUrl?: string;
  resultExpiresAt?: string;
  /** For imports: what was imported and which rows failed. */
  report?: ImportReport;
  params: ExportParams | ImportParams;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface CreateJobRequest {
  type: 'board.export';
  params: ExportParams;
}

export interface JobAccepted {
  id: string;
  status: 'queued';
}
