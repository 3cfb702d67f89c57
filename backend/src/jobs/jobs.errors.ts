import { ConflictError, ForbiddenError, GoneError, InvalidInputError, NotFoundError, RateLimitedError } from '../common/domain-error';

export class JobNotFoundError extends NotFoundError {
  constructor() {
    super('Job not found', 'job_not_found');
  }
}

export class NotTheJobOwnerError extends ForbiddenError {
  constructor() {
    super("Only the job's owner can see or change it", 'not_the_job_owner');
  }
}

export class JobFinishedError extends ConflictError {
  constructor(status: string) {
    super(`The job is already ${status}`, undefined, 'job_finished');
  }
}

export class ResultNotReadyError extends ConflictError {
  constructor(status: string) {
    super(`The job is ${status}: there is no result to download`, undefined, 'job_result_not_ready');
  }
}

export class ResultExpiredError extends GoneError {
  constructor() {
    super('The result has expired; run the job again', 'job_result_expired');
  }
}

/** Retry-After for the job cap: a short import or export ends in seconds. */
const ACTIVE_JOBS_RETRY_SECONDS = 10;

export class TooManyActiveJobsError extends RateLimitedError {
  constructor(max: number) {
    super(
      `You have ${max} jobs queued or running, the most at once: wait for one to finish or cancel one`,
      ACTIVE_JOBS_RETRY_SECONDS,
      'too_many_active_jobs',
    );
  }
}

export class BoardFullForImportError extends InvalidInputError {
  constructor(max: number) {
    super(`The board already has ${max} notes, the most it can hold: there is no room to import into`, 'board_full_for_import');
  }
}

/** Thrown at a checkpoint when cancelling was asked for: the job stops there. */
export class JobCancelledSignal extends Error {
  constructor() {
    super('cancelled');
  }
}
