import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { ImportParams, ImportReport, ImportRowError } from '../../../contracts/jobs';
import { MAX_REPORTED_FAILURES } from '../../../contracts/jobs';
import { MAX_NOTES_PER_BOARD } from '../../../contracts/boards';
import { BoardAccess } from '../boards/board-access';
import { BoardFullError } from '../notes/notes.errors';
import { NotesService } from '../notes/notes.service';
import { checkRow, importKind, parseImport } from './import/board-import';
import type { JobContext } from './job-context';
import { JobsRepository, StoredResult } from './jobs.repository';

const BATCH = 20;
/**
 * How stale the saved resume point may get. A retry after a crash redoes at most this much
 * work, which is harmless: row note ids are deterministic, so no note is created twice.
 */
export const IMPORT_SAVE_INTERVAL_MS = 250;

/** board.import: every row handled (imported or refused) is one unit of progress. */
@Injectable()
export class BoardImportJob {
  constructor(
    private readonly boards: BoardAccess,
    private readonly notes: NotesService,
    private readonly jobs: JobsRepository,
  ) {}

  async run(context: JobContext): Promise<StoredResult> {
    const params = context.job.params as ImportParams;
    // A viewer (or an editor made one since the upload) imports nothing.
    await this.boards.assertEditor(context.owner, params.boardId);
    const input = await this.jobs.loadInput(context.job.id);
    if (!input) {
      throw new Error('The uploaded file is no longer available; upload it again');
    }
    // The upload was checked against the board's room; a file never holds more than a board can.
    const rows = parseImport(importKind(params.fileName, ''), input, MAX_NOTES_PER_BOARD);
    // A retried job (its worker died) continues from its last saved point with the counts saved with it.
    const saved = context.job.report;
    const report: ImportReport = {
      imported: saved?.imported ?? 0,
      failed: [...(saved?.failed ?? [])],
      failedCount: saved?.failedCount ?? saved?.failed.length ?? 0,
    };
    let processed = context.job.resumeAt ?? (saved ? context.job.processed : 0);
    let savedAt = Date.now();
    const save = async (): Promise<void> => {
      savedAt = Date.now();
      await context.saveReport({ ...report, failed: [...report.failed] }, processed);
    };
    const refuse = (failure: ImportRowError): void => {
      report.failedCount++;
      if (report.failed.length < MAX_REPORTED_FAILURES) {
        report.failed.push(failure);
      }
    };
    const boardFull = (row: number): ImportRowError => ({
      row,
      problem: 'board_full',
      message: `the board is full (${MAX_NOTES_PER_BOARD} notes)`,
    });
    let full = false;
    context.report(processed, rows.length, 'Importing');

    try {
      while (processed < rows.length) {
        for (const row of rows.slice(processed, processed + BATCH)) {
          const check = checkRow(row);
          if (!check.ok) {
            refuse({ row: check.row, problem: check.problem, message: check.message });
          } else if (full) {
            refuse(boardFull(row.row));
          } else {
            try {
              await this.notes.createNote(context.owner, params.boardId, check.note, rowNoteId(context.job.id, row.row));
              report.imported++;
            } catch (error) {
              if (!(error instanceof BoardFullError)) {
                throw error;
              }
              full = true;
              refuse(boardFull(row.row));
            }
          }
          processed++;
        }
        if (Date.now() - savedAt >= IMPORT_SAVE_INTERVAL_MS) {
          await save();
        }
        context.report(processed, rows.length, `Imported ${report.imported} of ${rows.length} rows`);
        await context.checkpoint();
      }
    } catch (error) {
      // Cancelled or failed: the job's record shows how far it got.
      await save().catch(() => undefined);
      throw error;
    }
    await save();
    return {
      fileName: `import-report-${context.job.id.slice(0, 8)}.json`,
      contentType: 'application/json; charset=utf-8',
      body: Buffer.from(`${JSON.stringify({ boardId: params.boardId, file: params.fileName, rows: rows.length, ...report }, null, 2)}\n`),
    };
  }
}

/** The same row of the same job always gets the same note id (a v4-shaped UUID), so retries never duplicate it. */
export function rowNoteId(jobId: string, row: number): string {
  const hex = createHash('sha256').update(`${jobId}:${row}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
