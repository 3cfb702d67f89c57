import { MemoryVotesRepository } from './votes.memory.repository';
import { votesRepositoryContract } from './votes.repository.contract';

describe('VotesRepository contract: memory adapter', () => {
  votesRepositoryContract(() => new MemoryVotesRepository());
});
