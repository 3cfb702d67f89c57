import { MemoryInvitationsRepository } from './invitations.memory.repository';
import { invitationsRepositoryContract } from './invitations.repository.contract';

describe('InvitationsRepository contract: memory adapter', () => {
  invitationsRepositoryContract(() => new MemoryInvitationsRepository());
});
