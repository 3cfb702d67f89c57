import { loadConfig } from '../config/app-config';
import { conversationsRepositoryContract, messagesRepositoryContract, messagesRetentionContract } from './chat.repositories.contract';
import { MemoryConversationsRepository } from './conversations.memory.repository';
import { MemoryMessagesRepository } from './messages.memory.repository';

describe('MessagesRepository contract: memory adapter', () => {
  messagesRepositoryContract(() => new MemoryMessagesRepository(loadConfig({ NODE_ENV: 'test' })));
  messagesRetentionContract(
    (retention) => new MemoryMessagesRepository(loadConfig({ NODE_ENV: 'test', CHAT_RETENTION: String(retention) })),
  );
});

describe('ConversationsRepository contract: memory adapter', () => {
  conversationsRepositoryContract(() => new MemoryConversationsRepository());
});
