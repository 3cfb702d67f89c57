import { MemoryContentKeysRepository } from './content-keys.memory.repository';
import { MemoryDevicesRepository } from './devices.memory.repository';
import { contentKeysRepositoryContract, devicesRepositoryContract } from './keys.repositories.contract';

describe('DevicesRepository contract: memory adapter', () => {
  devicesRepositoryContract(() => new MemoryDevicesRepository());
});

describe('ContentKeysRepository contract: memory adapter', () => {
  contentKeysRepositoryContract(() => new MemoryContentKeysRepository());
});
