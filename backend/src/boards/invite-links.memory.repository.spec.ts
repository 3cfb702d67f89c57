import { MemoryInviteLinksRepository } from './invite-links.memory.repository';
import { inviteLinksRepositoryContract } from './invite-links.repository.contract';

describe('InviteLinksRepository contract: memory adapter', () => {
  inviteLinksRepositoryContract(() => new MemoryInviteLinksRepository());
});
