import { RedisRevocationStore } from '../src/auth/revocation.redis.store';
import { RedisAttachmentsRepository } from '../src/attachments/attachments.redis.repository';
import { attachmentsRepositoryContract } from '../src/attachments/attachments.repository.contract';
import { revocationStoreContract } from '../src/auth/revocation.store.contract';
import { RedisBoardsRepository } from '../src/boards/boards.redis.repository';
import { boardsRepositoryContract } from '../src/boards/boards.repository.contract';
import { RedisInvitationsRepository } from '../src/boards/invitations.redis.repository';
import { invitationsRepositoryContract } from '../src/boards/invitations.repository.contract';
import { RedisInviteLinksRepository } from '../src/boards/invite-links.redis.repository';
import { inviteLinksRepositoryContract } from '../src/boards/invite-links.repository.contract';
import { RedisCallsRepository } from '../src/calls/calls.redis.repository';
import { callsRepositoryContract } from '../src/calls/calls.repository.contract';
import {
  conversationsRepositoryContract,
  messagesRepositoryContract,
  messagesRetentionContract,
} from '../src/chat/chat.repositories.contract';
import { RedisConversationsRepository } from '../src/chat/conversations.redis.repository';
import { RedisMessagesRepository } from '../src/chat/messages.redis.repository';
import { eventBusContract } from '../src/events/event-bus.contract';
import { RedisEventBus } from '../src/events/event-bus.redis';
import { RedisIdempotencyStore } from '../src/idempotency/idempotency.redis.store';
import { idempotencyStoreContract } from '../src/idempotency/idempotency.store.contract';
import { BullJobQueue } from '../src/jobs/job-queue.bullmq';
import { jobQueueContract } from '../src/jobs/job-queue.contract';
import { RedisContentKeysRepository } from '../src/keys/content-keys.redis.repository';
import { RedisDevicesRepository } from '../src/keys/devices.redis.repository';
import { contentKeysRepositoryContract, devicesRepositoryContract } from '../src/keys/keys.repositories.contract';
import { notificationsRepositoryContract } from '../src/notifications/notifications.repository.contract';
import { RedisNotificationsRepository } from '../src/notifications/notifications.redis.repository';
import { RedisPresenceStore } from '../src/presence/presence.redis.store';
import { CONTRACT_GRACE_MS, presenceStoreContract } from '../src/presence/presence.store.contract';
import { rateLimiterContract } from '../src/rate-limit/rate-limiter.contract';
import { RedisRateLimiter } from '../src/rate-limit/rate-limiter.redis';
import { usersRepositoryContract } from '../src/users/users.repository.contract';
import { RedisUsersRepository } from '../src/users/users.redis.repository';
import { useClusterRedisService } from './support/redis-service';

// The same contract suites as on one Redis, on a real 3-master cluster: every multi-key script,
// MULTI and pipeline of the adapters must keep to one slot, or Redis answers CROSSSLOT here.
describe('Redis adapters on a Redis Cluster', () => {
  const redis = useClusterRedisService();
  const service = () => redis().service;

  describe('EventBus contract', () => {
    let bus: RedisEventBus;
    beforeAll(async () => {
      bus = new RedisEventBus(service(), redis().config({ HISTORY_SIZE: '20' }));
      await bus.connect();
    });
    eventBusContract(() => ({ bus, historySize: 20 }));
  });

  describe('UsersRepository contract', () => {
    usersRepositoryContract(() => new RedisUsersRepository(service()));
  });

  describe('BoardsRepository contract', () => {
    boardsRepositoryContract(() => new RedisBoardsRepository(service()));
  });

  describe('InvitationsRepository contract', () => {
    invitationsRepositoryContract(() => new RedisInvitationsRepository(service()));
  });

  describe('InviteLinksRepository contract', () => {
    inviteLinksRepositoryContract(() => new RedisInviteLinksRepository(service()));
  });

  describe('IdempotencyStore contract', () => {
    idempotencyStoreContract(() => new RedisIdempotencyStore(service()));
  });

  describe('RateLimiter contract', () => {
    rateLimiterContract(() => new RedisRateLimiter(service()));
  });

  describe('DevicesRepository contract', () => {
    devicesRepositoryContract(() => new RedisDevicesRepository(service()));
  });

  describe('ContentKeysRepository contract', () => {
    contentKeysRepositoryContract(() => new RedisContentKeysRepository(service()));
  });

  describe('MessagesRepository contract', () => {
    messagesRepositoryContract(() => new RedisMessagesRepository(service(), redis().config()));
    messagesRetentionContract((retention) => new RedisMessagesRepository(service(), redis().config({ CHAT_RETENTION: String(retention) })));
  });

  describe('ConversationsRepository contract', () => {
    conversationsRepositoryContract(() => new RedisConversationsRepository(service()));
  });

  describe('NotificationsRepository contract', () => {
    notificationsRepositoryContract(() => new RedisNotificationsRepository(service()));
  });

  describe('CallsRepository contract', () => {
    callsRepositoryContract(() => new RedisCallsRepository(service(), redis().config()));
  });

  describe('RevocationStore contract', () => {
    revocationStoreContract(() => new RedisRevocationStore(service()));
  });

  describe('AttachmentsRepository contract', () => {
    attachmentsRepositoryContract(() => new RedisAttachmentsRepository(service()));
  });

  describe('PresenceStore contract, two pods', () => {
    const stores: RedisPresenceStore[] = [];
    afterEach(async () => {
      await Promise.all(stores.splice(0).map((store) => store.stop()));
      await redis().cluster.flushAll();
    });
    presenceStoreContract(async () => {
      const config = redis().config({ PRESENCE_GRACE_MS: String(CONTRACT_GRACE_MS) });
      const pods = [new RedisPresenceStore(service(), config), new RedisPresenceStore(service(), config)];
      for (const pod of pods) {
        await pod.start();
      }
      stores.push(...pods);
      return pods;
    });
  });

  describe('JobQueue contract: BullMQ', () => {
    jobQueueContract(() => new BullJobQueue(service(), redis().config({ JOB_STALLED_MS: '1000' })));
  });
});
