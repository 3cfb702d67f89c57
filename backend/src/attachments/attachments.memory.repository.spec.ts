import { attachmentsRepositoryContract } from './attachments.repository.contract';
import { MemoryAttachmentsRepository } from './attachments.memory.repository';

describe('MemoryAttachmentsRepository', () => {
  attachmentsRepositoryContract(() => new MemoryAttachmentsRepository());
});
