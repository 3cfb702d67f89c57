import { idempotencyStoreContract } from './idempotency.store.contract';
import { MemoryIdempotencyStore } from './idempotency.memory.store';

describe('IdempotencyStore contract: memory adapter', () => {
  idempotencyStoreContract(() => new MemoryIdempotencyStore());
});
