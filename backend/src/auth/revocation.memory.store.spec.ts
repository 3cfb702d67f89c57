import { MemoryRevocationStore } from './revocation.memory.store';
import { revocationStoreContract } from './revocation.store.contract';

describe('RevocationStore contract: memory adapter', () => {
  revocationStoreContract(() => new MemoryRevocationStore());
});
