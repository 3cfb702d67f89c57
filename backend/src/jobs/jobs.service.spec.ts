import { loadConfig } from '../config/app-config';
import { type EventBus } from '../events/event-bus';
import { type BoardAccess } from '../boards/board-access';
import { type NotesService } from '../notes/notes.service';
import { deferred } from './job-queue.contract';
import { MemoryJobQueue } from './job-queue.memory';
import { type JobRunner } from './job-runner';
import { type JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';

describe('JobsService and its queue', () => {
  it('hands a job the queue gave up on to JobRunner.fail (marks it failed, tells the owner) with the reason', async () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    const queue = new MemoryJobQueue(config);
    const failed = deferred<[string, string]>();
    const runner = {
      run: () => Promise.reject(new Error('Redis connection lost')),
      fail: async (jobId: string, error: string) => failed.resolve([jobId, error]),
    };
    const service = new JobsService(
      {} as JobsRepository,
      queue,
      runner as unknown as JobRunner,
      {} as NotesService,
      {} as BoardAccess,
      {} as EventBus,
      config,
    );
    await service.onModuleInit();
    await queue.enqueue('job-1');
    expect(await failed.promise).toEqual(['job-1', 'The job stopped and will not be retried (Redis connection lost); start it again']);
    await service.onApplicationShutdown();
  });
});
