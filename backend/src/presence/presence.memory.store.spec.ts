import { loadConfig } from '../config/app-config';
import { MemoryPresenceStore } from './presence.memory.store';
import { CONTRACT_GRACE_MS, presenceStoreContract } from './presence.store.contract';

describe('PresenceStore contract: memory adapter', () => {
  presenceStoreContract(async () => [
    new MemoryPresenceStore(loadConfig({ NODE_ENV: 'test', PRESENCE_GRACE_MS: String(CONTRACT_GRACE_MS) })),
  ]);
});
