import { MemoryNotificationsRepository } from './notifications.memory.repository';
import { notificationsRepositoryContract } from './notifications.repository.contract';

describe('NotificationsRepository contract: memory adapter', () => {
  notificationsRepositoryContract(() => new MemoryNotificationsRepository());
});
