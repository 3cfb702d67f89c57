import { MemoryBoardsRepository } from './boards.memory.repository';
import { boardsRepositoryContract } from './boards.repository.contract';

describe('BoardsRepository contract: memory adapter', () => {
  boardsRepositoryContract(() => new MemoryBoardsRepository());
});
