import { loadConfig } from '../config/app-config';
import { eventBusContract } from './event-bus.contract';
import { MemoryEventBus } from './event-bus.memory';

describe('EventBus contract: memory adapter', () => {
  eventBusContract(() => ({ bus: new MemoryEventBus(loadConfig({ NODE_ENV: 'test', HISTORY_SIZE: '20' })), historySize: 20 }));
});
