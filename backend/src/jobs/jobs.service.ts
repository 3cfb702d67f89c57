import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { userChannel } from '../../../contracts/channels';
import type { ExportParams, Job, JobAccepted } from '../../../contracts/jobs';
import { MAX_NOTES_PER_BOARD } from '../../../contracts/boards';
import type { Actor } from '../users/actor';
import { InvalidInputError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { EventBus } from '../events/event-bus';
import { NotesService } from '../notes/notes.service';
import { BoardAccess } from '../boards/board-access';
import { importKind, parseImport } from './import/board-import';
import { JobQueue } from './job-queue';
import { JobRunner, toJob } from './job-runner';
import {
  BoardFullForImportError,
  JobFinishedError,
  JobNotFoundError,
  NotTheJobOwnerError,
  ResultExpiredError,
  ResultNotReadyError,
  TooManyActiveJobsError,
} from './jobs.errors';
import { JobRecord, JobsRepository, StoredResult, TERMINAL } from './jobs.repository';

export interface UploadedImport {
  originalname: string;
  mimetype: string;
  buffer: Buffer;
}

@Injectable()
export class JobsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly jobs: JobsRepository,
    private readonly queue: JobQueue,
    private readonly runner: JobRunner,
    private readonly notes: NotesService,
    private readonly boards: BoardAccess,
    private readonly bus: EventBus,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.start({
      run: (jobId) => this.runner.run(jobId),
      gaveUp: (jobId, reason) =>
        this.runner.fail(jobId, `The job stopped and will not be retried (${reason}); start it again`, 'job_gave_up'),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.stop().catch((error: unknown) => this.logger.warn(`Queue stop: ${String(error)}`));
  }

  async startExport(user: Actor, params: ExportParams): Promise<JobAccepted> {
    if (params.boardId) {
      await this.boards.assertMember(user, params.boardId);
    }
    await this.assertBelowJobCap(user);
    return this.enqueue(user, 'board.export', { ...params });
  }

  /**
   * What can be refused without the file: 404/403 for the board, 429 at the job cap, 400 for a
   * full board. Runs before the upload is read; returns the room left on the board.
   */
  async admitImport(user: Actor, boardId: string): Promise<number> {
    const room = await this.notes.roomLeft(user, boardId);
    await this.assertBelowJobCap(user);
    if (room === 0) {
      throw new BoardFullForImportError(MAX_NOTES_PER_BOARD);
    }
    return room;
  }

  /** The file is read and checked now, so a malformed one is refused at once instead of failing later. */
  async startImport(user: Actor, boardId: string, file: UploadedImport | undefined): Promise<JobAccepted> {
    if (!file) {
      throw new InvalidInputError('Attach the file to import as the "file" field', 'import_file_missing');
    }
    const kind = importKind(file.originalname, file.mimetype);
    // Again after the upload: the board may have filled up meanwhile.
    const room = await this.admitImport(user, boardId);
    const rows = parseImport(kind, file.buffer, room);
    if (rows.length === 0) {
      throw new InvalidInputError('The file has no rows to import', 'import_file_empty');
    }
    return this.enqueue(user, 'board.import', { boardId, fileName: file.originalname }, file.buffer, rows.length);
  }

  async list(user: Actor): Promise<Job[]> {
    return (await this.jobs.listFor(user.id)).map(toJob);
  }

  async get(user: Actor, jobId: string): Promise<Job> {
    return toJob(await this.owned(user, jobId));
  }

  /** A queued job is cancelled at once; a running one stops at its next checkpoint. */
  async cancel(user: Actor, jobId: string): Promise<Job> {
    const job = await this.owned(user, jobId);
    if (TERMINAL.has(job.status)) {
      throw new JobFinishedError(job.status);
    }
    if (job.status === 'queued') {
      const cancelled = await this.jobs.finish(jobId, {
        status: 'cancelled',
        message: 'Cancelled before it started',
        finishedAt: new Date().toISOString(),
      });
      if (cancelled) {
        await this.bus.publish(userChannel(user.id), 'job.cancelled', { jobId, job: toJob(cancelled) }, user.id);
        return toJob(cancelled);
      }
    }
    const requested = await this.jobs.update(jobId, { cancelRequested: true, message: 'Cancelling…' });
    return toJob(requested ?? (await this.owned(user, jobId)));
  }

  async result(user: Actor, jobId: string): Promise<StoredResult> {
    const job = await this.owned(user, jobId);
    if (job.status !== 'completed') {
      throw new ResultNotReadyError(job.status);
    }
    const result = await this.jobs.loadResult(jobId);
    if (!result) {
      throw new ResultExpiredError();
    }
    return result;
  }

  private async assertBelowJobCap(user: Actor): Promise<void> {
    const max = this.config.jobMaxActivePerUser;
    if ((await this.jobs.countActive(user.id)) >= max) {
      throw new TooManyActiveJobsError(max);
    }
  }

  /** 404 for an unknown job, 403 for someone else's. */
  async owned(user: Actor, jobId: string): Promise<JobRecord> {
    const job = await this.jobs.get(jobId);
    if (!job) {
      throw new JobNotFoundError();
    }
    if (job.ownerId !== user.id) {
      throw new NotTheJobOwnerError();
    }
    return job;
  }

  private async enqueue(
    user: Actor,
    type: JobRecord['type'],
    params: JobRecord['params'],
    input?: Buffer,
    total = 0,
  ): Promise<JobAccepted> {
    const job: JobRecord = {
      id: randomUUID(),
      ownerId: user.id,
      type,
      status: 'queued',
      progress: 0,
      processed: 0,
      total,
      message: 'Waiting for a worker',
      params,
      createdAt: new Date().toISOString(),
    };
    // The early check is advisory; this one holds when requests race.
    if (!(await this.jobs.create(job, this.config.jobMaxActivePerUser, input))) {
      throw new TooManyActiveJobsError(this.config.jobMaxActivePerUser);
    }
    await this.bus.publish(userChannel(user.id), 'job.queued', { job: toJob(job) }, user.id);
    await this.queue.enqueue(job.id);
    return { id: job.id, status: 'queued' };
  }
}
