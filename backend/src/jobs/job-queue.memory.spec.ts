import { loadConfig } from '../config/app-config';
import { jobQueueContract } from './job-queue.contract';
import { MemoryJobQueue } from './job-queue.memory';

describe('JobQueue contract: memory adapter', () => {
  jobQueueContract(() => new MemoryJobQueue(loadConfig({ NODE_ENV: 'test' })));
});
