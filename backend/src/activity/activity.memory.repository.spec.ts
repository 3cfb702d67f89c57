import { MemoryActivityRepository } from './activity.memory.repository';
import { activityRepositoryContract } from './activity.repository.contract';

describe('ActivityRepository contract: memory adapter', () => {
  activityRepositoryContract(() => new MemoryActivityRepository());
});
