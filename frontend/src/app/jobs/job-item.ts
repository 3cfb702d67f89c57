import { DatePipe, DecimalPipe, PercentPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, LOCALE_ID, computed, inject, input } from '@angular/core';

import type { Job } from '@contracts/jobs';

import { textForCode } from '../core/api-error';
import { formatInteger } from '../i18n/format';
import { STATUS_LABELS, isFinished, isImport, jobTitle, rowProblem } from './job-view';
import { JobsStore } from './jobs-store';

/** Rows of an import report listed before "and N more". */
const SHOWN_ERRORS = 50;

/** One export or import: what it is, its live progress, and what can be done with it. */
@Component({
  selector: 'cb-job-item',
  imports: [DatePipe, DecimalPipe, PercentPipe],
  templateUrl: './job-item.html',
  styleUrl: './job-item.css',
  host: {
    role: 'listitem',
    'data-testid': 'job-item',
    '[attr.data-job-id]': 'job().id',
    '[attr.data-status]': 'job().status',
  },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JobItem {
  private readonly store = inject(JobsStore);
  private readonly locale = inject(LOCALE_ID);

  readonly job = input.required<Job>();

  protected readonly title = computed(() => jobTitle(this.job(), this.store.titles()));
  protected readonly statusLabel = computed(() => STATUS_LABELS[this.job().status]);
  protected readonly active = computed(() => !isFinished(this.job()));
  protected readonly isImport = computed(() => isImport(this.job()));
  /** The server's message is English ("Cancelling…" is how it says a cancel is under way); the words shown are ours. */
  protected readonly cancelling = computed(() => this.store.cancellingIds().has(this.job().id) || this.job().message === 'Cancelling…');
  /** Started or finished at: the time pipe in the template formats it for the locale. */
  protected readonly when = computed(() => {
    const job = this.job();
    return job.finishedAt ? { finished: true, at: job.finishedAt } : { finished: false, at: job.createdAt };
  });
  protected readonly progressText = computed(() => {
    const job = this.job();
    const processed = this.count(job.processed);
    const total = this.count(job.total);
    if (job.status === 'queued') {
      return $localize`:@@jobs.progress.queued:Waiting for a worker…`;
    }
    if (this.cancelling()) {
      return $localize`:@@jobs.progress.cancelling:Cancelling…`;
    }
    return isImport(job)
      ? $localize`:@@jobs.progress.import:Imported ${processed}:processed: of ${total}:total: rows`
      : $localize`:@@jobs.progress.export:Exported ${processed}:processed: of ${total}:total: items`;
  });
  protected readonly summary = computed(() => {
    const job = this.job();
    if (job.status === 'failed') {
      return job.errorCode ? textForCode(job.errorCode) : $localize`:@@jobs.summary.failed:The job failed.`;
    }
    if (job.status === 'cancelled') {
      return job.processed > 0 && isImport(job)
        ? $localize`:@@jobs.summary.cancelledAfter:Cancelled after ${this.count(job.processed)}:processed: of ${this.count(job.total)}:total: rows`
        : $localize`:@@jobs.summary.cancelled:Cancelled`;
    }
    if (isImport(job)) {
      const imported = job.report?.imported ?? job.processed;
      const skipped = job.report?.failedCount ?? 0;
      const notes =
        imported === 1
          ? $localize`:@@jobs.summary.imported.one:Imported 1 note`
          : $localize`:@@jobs.summary.imported:Imported ${this.count(imported)}:count: notes`;
      return skipped > 0 ? $localize`:@@jobs.summary.skipped:${notes}:imported: · ${this.count(skipped)}:count: skipped` : notes;
    }
    return job.total === 1
      ? $localize`:@@jobs.summary.exported.one:1 item exported`
      : $localize`:@@jobs.summary.exported:${this.count(job.total)}:count: items exported`;
  });
  /** The result can be fetched until it expires (then the server answers 410). */
  protected readonly download = computed(() => {
    const job = this.job();
    if (job.status !== 'completed' || !job.resultUrl) {
      return null;
    }
    if (job.resultExpiresAt && Date.parse(job.resultExpiresAt) <= Date.now()) {
      return null;
    }
    return {
      url: job.resultUrl,
      label: isImport(job) ? $localize`:@@jobs.result.report:Report` : $localize`:@@jobs.result.download:Download`,
    };
  });
  protected readonly expired = computed(() => this.job().status === 'completed' && this.download() === null);
  /** The listed rows: the server lists the first 100 and counts the rest. */
  protected readonly errors = computed(() => this.job().report?.failed ?? []);
  protected readonly failedCount = computed(() => this.job().report?.failedCount ?? this.errors().length);
  protected readonly shownErrors = computed(() =>
    this.errors()
      .slice(0, SHOWN_ERRORS)
      .map((error) => ({ row: error.row, message: rowProblem(error, this.locale) })),
  );
  protected readonly moreErrors = computed(() => Math.max(0, this.failedCount() - this.shownErrors().length));
  protected readonly reportListsAll = computed(() => this.errors().length >= this.failedCount());

  private count(value: number): string {
    return formatInteger(value, this.locale);
  }

  protected cancel(): void {
    void this.store.cancel(this.job().id);
  }
}
