import { MemoryTimerRepository } from './timer.memory.repository';
import { timerRepositoryContract } from './timer.repository.contract';

describe('TimerRepository contract: memory adapter', () => {
  timerRepositoryContract(() => new MemoryTimerRepository());
});
