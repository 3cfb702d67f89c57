import { randomUUID } from 'node:crypto';
import { type JobHandlers, type JobQueue } from './job-queue';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** Handlers that record what the queue did and let a test wait for a given job's outcome. */
export class RecordingHandlers implements JobHandlers {
  readonly runs: string[] = [];
  readonly gaveUpOn: { jobId: string; reason: string }[] = [];
  private readonly waiting = new Map<string, Deferred<void>>();

  constructor(private readonly behaviour: (jobId: string) => Promise<void> = async () => undefined) {}

  run = async (jobId: string): Promise<void> => {
    this.runs.push(jobId);
    try {
      await this.behaviour(jobId);
    } finally {
      this.settled(jobId).resolve();
    }
  };

  gaveUp = async (jobId: string, reason: string): Promise<void> => {
    this.gaveUpOn.push({ jobId, reason });
    this.settled(`gave-up:${jobId}`).resolve();
  };

  /** Resolves once the job's run has ended (resolved or thrown). */
  finished(jobId: string): Promise<void> {
    return this.settled(jobId).promise;
  }

  /** Resolves once the queue gave up on the job. */
  givenUp(jobId: string): Promise<void> {
    return this.settled(`gave-up:${jobId}`).promise;
  }

  private settled(key: string): Deferred<void> {
    let entry = this.waiting.get(key);
    if (!entry) {
      entry = deferred();
      this.waiting.set(key, entry);
    }
    return entry;
  }
}

/** Behaviour both queue adapters must have. Each test starts a fresh queue from `make` and stops it. */
export function jobQueueContract(make: () => JobQueue): void {
  const opened: JobQueue[] = [];

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((queue) => queue.stop()));
  });

  async function started(handlers: JobHandlers): Promise<JobQueue> {
    const queue = make();
    opened.push(queue);
    await queue.start(handlers);
    return queue;
  }

  it('runs each enqueued job once with its id', async () => {
    const handlers = new RecordingHandlers();
    const queue = await started(handlers);
    const jobs: string[] = [randomUUID(), randomUUID(), randomUUID()];
    for (const jobId of jobs) {
      await queue.enqueue(jobId);
    }
    await Promise.all(jobs.map((jobId) => handlers.finished(jobId)));
    expect(handlers.runs.filter((jobId) => jobs.includes(jobId)).sort()).toEqual([...jobs].sort());
    expect(handlers.gaveUpOn).toEqual([]);
  });

  it('gives up on a job whose run threw: says so once, with the reason, and does not run it again', async () => {
    const failing = randomUUID();
    const handlers = new RecordingHandlers(async (jobId) => {
      if (jobId === failing) {
        throw new Error('the board vanished');
      }
    });
    const queue = await started(handlers);
    await queue.enqueue(failing);
    await handlers.givenUp(failing);
    // A job queued after it has run and ended: a retry of the failed one would have come first.
    const later = randomUUID();
    await queue.enqueue(later);
    await handlers.finished(later);
    expect(handlers.gaveUpOn).toEqual([{ jobId: failing, reason: 'the board vanished' }]);
    expect(handlers.runs.filter((jobId) => jobId === failing)).toHaveLength(1);
  });

  it('does not give up on a job that ran to the end', async () => {
    const handlers = new RecordingHandlers();
    const queue = await started(handlers);
    const done = randomUUID();
    await queue.enqueue(done);
    await handlers.finished(done);
    const after = randomUUID();
    await queue.enqueue(after);
    await handlers.finished(after);
    expect(handlers.gaveUpOn).toEqual([]);
  });
}
