import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';

import type { Job } from '@contracts/jobs';

import { STATUS_LABELS, isFinished, isImport, jobTitle } from './job-view';
import { JobsStore } from './jobs-store';

/** Rows of an import report listed before "and N more". */
const SHOWN_ERRORS = 50;
const TIME = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

/** One export or import: what it is, its live progress, and what can be done with it. */
@Component({
  selector: 'cb-job-item',
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

  readonly job = input.required<Job>();

  protected readonly title = computed(() => jobTitle(this.job(), this.store.titles()));
  protected readonly statusLabel = computed(() => STATUS_LABELS[this.job().status]);
  protected readonly active = computed(() => !isFinished(this.job()));
  protected readonly isImport = computed(() => isImport(this.job()));
  protected readonly cancelling = computed(() => this.store.cancellingIds().has(this.job().id) || this.job().message === 'Cancelling…');
  protected readonly when = computed(() => {
    const job = this.job();
    const finished = job.finishedAt ? TIME.format(new Date(job.finishedAt)) : '';
    return finished ? `Finished ${finished}` : `Started ${TIME.format(new Date(job.createdAt))}`;
  });
  protected readonly progressText = computed(() => {
    const job = this.job();
    return job.status === 'queued' ? 'Waiting for a worker…' : job.message || `${job.processed} of ${job.total}`;
  });
  protected readonly summary = computed(() => {
    const job = this.job();
    if (job.status === 'failed') {
      return job.error ?? 'The job failed.';
    }
    if (job.status === 'cancelled') {
      return job.processed > 0 && isImport(job) ? `Cancelled after ${job.processed} of ${job.total} rows` : 'Cancelled';
    }
    if (isImport(job)) {
      const imported = job.report?.imported ?? job.processed;
      const skipped = job.report?.failedCount ?? 0;
      return `Imported ${imported} ${imported === 1 ? 'note' : 'notes'}${skipped > 0 ? ` · ${skipped} skipped` : ''}`;
    }
    return job.total === 1 ? '1 item exported' : `${job.total} items exported`;
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
    return { url: job.resultUrl, label: isImport(job) ? 'Report' : 'Download' };
  });
  protected readonly expired = computed(() => this.job().status === 'completed' && this.download() === null);
  /** The listed rows: the server lists the first 100 and counts the rest. */
  protected readonly errors = computed(() => this.job().report?.failed ?? []);
  protected readonly failedCount = computed(() => this.job().report?.failedCount ?? this.errors().length);
  protected readonly shownErrors = computed(() => this.errors().slice(0, SHOWN_ERRORS));
  protected readonly moreErrors = computed(() => Math.max(0, this.failedCount() - this.shownErrors().length));
  protected readonly reportListsAll = computed(() => this.errors().length >= this.failedCount());

  protected cancel(): void {
    void this.store.cancel(this.job().id);
  }
}
