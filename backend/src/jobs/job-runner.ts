import { Injectable, Logger } from '@nestjs/common';
import { userChannel } from '../../../contracts/channels';
import type { ServerEventMap } from '../../../contracts/events';
import type { Job } from '../../../contracts/jobs';
import type { ErrorCode } from '../../../contracts/errors';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { EventBus } from '../events/event-bus';
import { toPublicUser } from '../users/user';
import { UsersRepository } from '../users/users.repository';
import { BoardExportJob } from './board-export.job';
import { BoardImportJob } from './board-import.job';
import type { JobContext } from './job-context';
import { JobCancelledSignal } from './jobs.errors';
import { JobRecord, JobsRepository, TERMINAL } from './jobs.repository';
import { ProgressReporter } from './progress-reporter';

export function toJob(record: JobRecord): Job {
  const { ownerId: _owner, cancelRequested: _cancel, resumeAt: _resume, ...job } = record;
  return job;
}

/** Runs a job on this pod's worker and publishes its progress and end on the owner's channel. */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly jobs: JobsRepository,
    private readonly users: UsersRepository,
    private readonly bus: EventBus,
    private readonly config: AppConfig,
    private readonly exporter: BoardExportJob,
    private readonly importer: BoardImportJob,
  ) {}

  async run(jobId: string): Promise<void> {
    const queued = await this.jobs.get(jobId);
    if (!queued || TERMINAL.has(queued.status)) {
      return;
    }
    const owner = await this.users.findById(queued.ownerId);
    if (!owner) {
      return void (await this.fail(jobId, 'The owner of this job no longer exists', 'job_owner_gone'));
    }
    const job = await this.jobs.update(jobId, {
      status: 'running',
      startedAt: queued.startedAt ?? new Date().toISOString(),
      message: 'Started',
    });
    if (!job) {
      return;
    }

    const reporter = new ProgressReporter(async (update) => {
      if (await this.jobs.update(jobId, update)) {
        await this.publish(job.ownerId, 'job.progress', { jobId, ...update });
      }
    });
    const context: JobContext = {
      job,
      owner: toPublicUser(owner),
      report: (processed, total, message) => reporter.report(processed, total, message),
      checkpoint: () => this.checkpoint(jobId),
      saveReport: async (report, processed) => void (await this.jobs.update(jobId, { report, resumeAt: processed })),
    };

    try {
      const result = job.type === 'board.export' ? await this.exporter.run(context) : await this.importer.run(context);
      await reporter.flush();
      await this.jobs.saveResult(jobId, result, this.config.jobResultTtlSeconds);
      const resultUrl = `/api/jobs/${jobId}/result`;
      const finished = await this.jobs.finish(jobId, {
        status: 'completed',
        progress: 100,
        message: 'Done',
        resultUrl,
        resultExpiresAt: new Date(Date.now() + this.config.jobResultTtlSeconds * 1000).toISOString(),
        finishedAt: new Date().toISOString(),
      });
      if (finished) {
        await this.publish(finished.ownerId, 'job.completed', { jobId, resultUrl, job: toJob(finished) });
      }
    } catch (error) {
      reporter.cancel();
      if (error instanceof JobCancelledSignal) {
        const cancelled = await this.jobs.finish(jobId, {
          status: 'cancelled',
          message: 'Cancelled',
          finishedAt: new Date().toISOString(),
        });
        if (cancelled) {
          await this.publish(cancelled.ownerId, 'job.cancelled', { jobId, job: toJob(cancelled) });
        }
        return;
      }
      if (!(error instanceof DomainError)) {
        this.logger.error(`Job ${jobId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
      await this.fail(
        jobId,
        error instanceof Error ? error.message : 'The job failed',
        error instanceof DomainError ? error.code : 'internal',
      );
    }
  }

  /** Fails a job that is not finished yet (also used when BullMQ gave up on a stalled job). */
  async fail(jobId: string, error: string, errorCode: ErrorCode): Promise<void> {
    const failed = await this.jobs.finish(jobId, {
      status: 'failed',
      error,
      errorCode,
      message: 'Failed',
      finishedAt: new Date().toISOString(),
    });
    if (failed) {
      await this.publish(failed.ownerId, 'job.failed', { jobId, error, job: toJob(failed) });
    }
  }

  private async checkpoint(jobId: string): Promise<void> {
    if (this.config.jobBatchPauseMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.config.jobBatchPauseMs));
    } else {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const current = await this.jobs.get(jobId);
    if (!current || current.cancelRequested || current.status === 'cancelled') {
      throw new JobCancelledSignal();
    }
  }

  private async publish<T extends 'job.progress' | 'job.completed' | 'job.failed' | 'job.cancelled'>(
    ownerId: string,
    type: T,
    data: ServerEventMap[T],
  ): Promise<void> {
    await this.bus.publish(userChannel(ownerId), type, data, null);
  }
}
