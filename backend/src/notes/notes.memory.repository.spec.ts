import { MemoryNotesRepository } from './notes.memory.repository';
import { notesRepositoryContract } from './notes.repository.contract';

describe('NotesRepository contract: memory adapter', () => {
  notesRepositoryContract(() => new MemoryNotesRepository());
});
