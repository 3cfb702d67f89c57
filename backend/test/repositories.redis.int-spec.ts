import { RedisAttachmentsRepository } from '../src/attachments/attachments.redis.repository';
import { attachmentsRepositoryContract } from '../src/attachments/attachments.repository.contract';
import { RedisBoardsRepository } from '../src/boards/boards.redis.repository';
import { boardsRepositoryContract } from '../src/boards/boards.repository.contract';
import { RedisInvitationsRepository } from '../src/boards/invitations.redis.repository';
import { invitationsRepositoryContract } from '../src/boards/invitations.repository.contract';
import { RedisInviteLinksRepository } from '../src/boards/invite-links.redis.repository';
import { inviteLinksRepositoryContract } from '../src/boards/invite-links.repository.contract';
import { RedisCallsRepository } from '../src/calls/calls.redis.repository';
import { callsRepositoryContract } from '../src/calls/calls.repository.contract';
import { RedisRevocationStore } from '../src/auth/revocation.redis.store';
import { revocationStoreContract } from '../src/auth/revocation.store.contract';
import {
  conversationsRepositoryContract,
  messagesRepositoryContract,
  messagesRetentionContract,
} from '../src/chat/chat.repositories.contract';
import { RedisConversationsRepository } from '../src/chat/conversations.redis.repository';
import { RedisMessagesRepository } from '../src/chat/messages.redis.repository';
import { loadConfig } from '../src/config/app-config';
import { RedisIdempotencyStore } from '../src/idempotency/idempotency.redis.store';
import { RedisContentKeysRepository } from '../src/keys/content-keys.redis.repository';
import { RedisDevicesRepository } from '../src/keys/devices.redis.repository';
import { contentKeysRepositoryContract, devicesRepositoryContract } from '../src/keys/keys.repositories.contract';
import { idempotencyStoreContract } from '../src/idempotency/idempotency.store.contract';
import { notificationsRepositoryContract } from '../src/notifications/notifications.repository.contract';
import { RedisNotificationsRepository } from '../src/notifications/notifications.redis.repository';
import { rateLimiterContract } from '../src/rate-limit/rate-limiter.contract';
import { RedisRateLimiter } from '../src/rate-limit/rate-limiter.redis';
import { useRealRedisService } from './support/redis-service';

describe('Redis adapters', () => {
  const redis = useRealRedisService();

  describe('BoardsRepository contract: Redis adapter', () => {
    boardsRepositoryContract(() => new RedisBoardsRepository(redis()));
  });

  describe('InvitationsRepository contract: Redis adapter', () => {
    invitationsRepositoryContract(() => new RedisInvitationsRepository(redis()));
  });

  describe('InviteLinksRepository contract: Redis adapter', () => {
    inviteLinksRepositoryContract(() => new RedisInviteLinksRepository(redis()));
  });

  describe('IdempotencyStore contract: Redis adapter', () => {
    idempotencyStoreContract(() => new RedisIdempotencyStore(redis()));
  });

  describe('RateLimiter contract: Redis adapter', () => {
    rateLimiterContract(() => new RedisRateLimiter(redis()));
  });

  describe('MessagesRepository contract: Redis adapter', () => {
    messagesRepositoryContract(() => new RedisMessagesRepository(redis(), loadConfig({ NODE_ENV: 'test' })));
    messagesRetentionContract(
      (retention) => new RedisMessagesRepository(redis(), loadConfig({ NODE_ENV: 'test', CHAT_RETENTION: String(retention) })),
    );
  });

  describe('ConversationsRepository contract: Redis adapter', () => {
    conversationsRepositoryContract(() => new RedisConversationsRepository(redis()));
  });

  describe('NotificationsRepository contract: Redis adapter', () => {
    notificationsRepositoryContract(() => new RedisNotificationsRepository(redis()));
  });

  describe('CallsRepository contract: Redis adapter', () => {
    callsRepositoryContract(() => new RedisCallsRepository(redis(), loadConfig({ NODE_ENV: 'test' })));
  });

  describe('DevicesRepository contract: Redis adapter', () => {
    devicesRepositoryContract(() => new RedisDevicesRepository(redis()));
  });

  describe('ContentKeysRepository contract: Redis adapter', () => {
    contentKeysRepositoryContract(() => new RedisContentKeysRepository(redis()));
  });

  describe('RevocationStore contract: Redis adapter', () => {
    revocationStoreContract(() => new RedisRevocationStore(redis()));
  });

  describe('AttachmentsRepository contract: Redis adapter', () => {
    attachmentsRepositoryContract(() => new RedisAttachmentsRepository(redis()));
  });
});
