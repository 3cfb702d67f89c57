import { MemoryCallsRepository } from './calls.memory.repository';
import { callsRepositoryContract } from './calls.repository.contract';

describe('CallsRepository contract: memory adapter', () => {
  callsRepositoryContract(() => new MemoryCallsRepository());
});
