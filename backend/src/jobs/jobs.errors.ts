import { ConflictError, ForbiddenError, GoneError, NotFoundError } from '../common/domain-error';

export class JobNotFoundError extends NotFoundError {
  constructor() {
    super('Job not found');
  }
}

export class NotTheJobOwnerError extends ForbiddenError {
  constructor() {
    super("Only the job's owner can see or change it");
  }
}

export class JobFinishedError extends ConflictError {
  constructor(status: string) {
    super(`The job is already ${status}`);
  }
}

export class ResultNotReadyError extends ConflictError {
  constructor(status: string) {
    super(`The job is ${status}: there is no result to download`);
  }
}

export class ResultExpiredError extends GoneError {
  constructor() {
    super('The result has expired; run the job again');
  }
}

/** Thrown at a checkpoint when cancelling was asked for: the job stops there. */
export class JobCancelledSignal extends Error {
  constructor() {
    super('cancelled');
  }
}
