import { expect } from '@jest/globals';
import Redis from 'ioredis';
import Pipeline from 'ioredis/built/Pipeline';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisAttachmentsRepository, UNSENT_KEY } from '../src/attachments/attachments.redis.repository';
import { attachmentsRepositoryContract } from '../src/attachments/attachments.repository.contract';
import { RedisRevocationStore } from '../src/auth/revocation.redis.store';
import { revocationStoreContract } from '../src/auth/revocation.store.contract';
import { RedisBoardsRepository } from '../src/boards/boards.redis.repository';
import { boardsRepositoryContract } from '../src/boards/boards.repository.contract';
import { RedisCallsRepository } from '../src/calls/calls.redis.repository';
import { callsRepositoryContract } from '../src/calls/calls.repository.contract';
import { RedisPartyStreams } from '../src/calls/party-streams.redis';
import {
  conversationsRepositoryContract,
  messagesRepositoryContract,
  messagesRetentionContract,
} from '../src/chat/chat.repositories.contract';
import { RedisConversationsRepository } from '../src/chat/conversations.redis.repository';
import { RedisMessagesRepository } from '../src/chat/messages.redis.repository';
import { type AppConfig, loadConfig } from '../src/config/app-config';
import { eventBusContract } from '../src/events/event-bus.contract';
import { RedisEventBus } from '../src/events/event-bus.redis';
import { RedisIdempotencyStore } from '../src/idempotency/idempotency.redis.store';
import { idempotencyStoreContract } from '../src/idempotency/idempotency.store.contract';
import { BullJobQueue } from '../src/jobs/job-queue.bullmq';
import { jobQueueContract } from '../src/jobs/job-queue.contract';
import { RedisJobsRepository } from '../src/jobs/jobs.redis.repository';
import type { JobRecord } from '../src/jobs/jobs.repository';
import { RedisContentKeysRepository } from '../src/keys/content-keys.redis.repository';
import { RedisDevicesRepository } from '../src/keys/devices.redis.repository';
import { contentKeysRepositoryContract, devicesRepositoryContract } from '../src/keys/keys.repositories.contract';
import { notificationsRepositoryContract } from '../src/notifications/notifications.repository.contract';
import { RedisNotificationsRepository } from '../src/notifications/notifications.redis.repository';
import { PRESENCE_PODS_KEY, RedisPresenceStore } from '../src/presence/presence.redis.store';
import { CONTRACT_GRACE_MS, presenceStoreContract } from '../src/presence/presence.store.contract';
import { rateLimiterContract } from '../src/rate-limit/rate-limiter.contract';
import { RedisRateLimiter } from '../src/rate-limit/rate-limiter.redis';
import { RedisService } from '../src/redis/redis.service';
import { RedisTimerRepository } from '../src/timer/timer.redis.repository';
import { timerRepositoryContract } from '../src/timer/timer.repository.contract';
import { usersRepositoryContract } from '../src/users/users.repository.contract';
import { RedisUsersRepository } from '../src/users/users.redis.repository';
import { RedisVotesRepository } from '../src/votes/votes.redis.repository';
import { votesRepositoryContract } from '../src/votes/votes.repository.contract';
import { type RedisServer, startRedis } from './support/redis-server';
import { hashTag, keySlot, keysOf, type MonitoredCommand } from './support/redis-slots';

/**
 * The slot rule of Redis Cluster, checked on everything the Redis adapters send: every contract
 * suite runs here, in cluster mode, against one cluster-enabled redis-server that owns every slot,
 * while MONITOR records each command (and each command a script runs, marked `lua`) and a spy
 * records each ioredis pipeline. The last test then checks that every command, MULTI block,
 * pipeline and script stays on one slot, that Redis refused no cross-slot command (a caller may
 * swallow the error), and that the keys of different entities spread over many slots. That also
 * catches what one node cannot refuse: a script touching a key it did not declare, and a pipeline
 * whose keys a real cluster would hold on several nodes.
 */

/**
 * Global singleton keys: one key for the whole deployment, on its own slot, never in a script, MULTI
 * or pipeline with another key. Each says why it is not hot. No per-entity key may share their tag.
 */
const GLOBAL_KEYS: Record<string, string> = {
  '{users}:by-username': 'username → id: one HSETNX per registration, one HGET per sign-in',
  '{users}:admins': 'admin ids: written only when a role is granted or revoked',
  '{conversations}:by-participants': 'people → conversation: one HGET per find-or-create, one HSETNX per new conversation',
  'calls:{calls}:ringing': 'ring deadlines: one write per offer, answer and end; one bounded read per pod sweep',
  'calls:{calls}:live': 'ringing and active calls: one write per offer and end; one read per pod watch',
  'presence:pods': 'pod leases: one entry per pod, renewed every PRESENCE_LEASE_MS / 3',
  'presence:due': 'pending leaves: one write per last stream of a user on a board; one bounded read per pod sweep',
  [UNSENT_KEY]: 'unsent uploads by expiry: one ZADD per upload, one ZREM per send or delete, one bounded read per pod sweep',
};

/** Hash tags allowed to hold the keys of many entities, with the reason. */
const SHARED_TAGS: Record<string, string> = {
  'corkboard-jobs': 'BullMQ keeps a whole queue on one slot by design (its scripts touch many job keys at once): one queue is one entity',
};

const SCRIPT_COMMANDS = new Set(['eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro']);

/** A key with its ids (UUIDs, numbers) replaced, to group the keys one line of code writes. */
function patternOf(key: string): string {
  return key
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\d+(-\d+)*/g, '<n>')
    .replace(/[0-9a-f]{40}/gi, '<sha>');
}

/** Makes a fresh cluster-enabled node the only master, with all 16384 slots. */
async function ownAllSlots(url: string): Promise<void> {
  const admin = new Redis(url);
  try {
    await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    const deadline = Date.now() + 10_000;
    while (!String(await admin.call('CLUSTER', 'INFO')).includes('cluster_state:ok')) {
      if (Date.now() > deadline) {
        throw new Error('the one-node cluster never reached cluster_state:ok');
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    admin.disconnect();
  }
}

interface Violation {
  rule: string;
  detail: string;
}

describe('Redis keys by slot: every adapter, one slot per multi-key operation', () => {
  let server: RedisServer;
  let redis: RedisService;
  let config: AppConfig;
  let monitor: Redis;
  const monitored: MonitoredCommand[] = [];
  let recording = true;
  const pipelines: string[][] = [];
  let pipelineSpy: jest.SpyInstance | undefined;

  beforeAll(async () => {
    // One node that owns every slot: a real cluster to the adapters (a cluster client, CROSSSLOT
    // refusals), and one MONITOR sees every command.
    server = await startRedis({
      args: [
        ...['--cluster-enabled', 'yes', '--cluster-node-timeout', '500', '--cluster-announce-ip', '127.0.0.1'],
        ...['--dir', mkdtempSync(join(tmpdir(), 'corkboard-slots-')), '--cluster-config-file', 'nodes.conf'],
      ],
    });
    await ownAllSlots(server.url);
    config = loadConfig({
      NODE_ENV: 'test',
      REDIS_CLUSTER_NODES: `127.0.0.1:${server.port}`,
      HISTORY_SIZE: '20',
      PRESENCE_GRACE_MS: String(CONTRACT_GRACE_MS),
      JOB_STALLED_MS: '1000',
    });
    monitor = await new Redis(server.url, { lazyConnect: true }).monitor();
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (recording) {
        monitored.push({ source, args });
      }
    });
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with apply on each pipeline below
    const exec = Pipeline.prototype.exec;
    // A MULTI calls exec twice on its pipeline: record each pipeline once.
    const seen = new WeakSet<Pipeline>();
    pipelineSpy = jest.spyOn(Pipeline.prototype, 'exec').mockImplementation(function (
      this: Pipeline,
      ...rest: Parameters<Pipeline['exec']>
    ) {
      if (seen.has(this)) {
        return exec.apply(this, rest);
      }
      seen.add(this);
      const queue = (this as unknown as { _queue: Array<{ getKeys(): Array<string | Buffer> }> })._queue;
      pipelines.push(queue.flatMap((command) => command.getKeys().map(String)));
      return exec.apply(this, rest);
    });
    redis = new RedisService(config);
    await redis.onModuleInit();
  });

  afterAll(async () => {
    pipelineSpy?.mockRestore();
    monitor?.disconnect();
    await redis?.onApplicationShutdown();
    await server?.stop();
  });

  describe('BoardsRepository contract', () => {
    boardsRepositoryContract(() => new RedisBoardsRepository(redis));
  });

  describe('UsersRepository contract', () => {
    usersRepositoryContract(() => new RedisUsersRepository(redis));
  });

  describe('RevocationStore contract', () => {
    revocationStoreContract(() => new RedisRevocationStore(redis));
  });

  describe('AttachmentsRepository contract', () => {
    attachmentsRepositoryContract(() => new RedisAttachmentsRepository(redis));
  });

  describe('MessagesRepository contract', () => {
    messagesRepositoryContract(() => new RedisMessagesRepository(redis, config));
    messagesRetentionContract(
      (retention) => new RedisMessagesRepository(redis, loadConfig({ NODE_ENV: 'test', CHAT_RETENTION: String(retention) })),
    );
  });

  describe('ConversationsRepository contract', () => {
    conversationsRepositoryContract(() => new RedisConversationsRepository(redis));
  });

  describe('DevicesRepository contract', () => {
    devicesRepositoryContract(() => new RedisDevicesRepository(redis));
  });

  describe('ContentKeysRepository contract', () => {
    contentKeysRepositoryContract(() => new RedisContentKeysRepository(redis));
  });

  describe('NotificationsRepository contract', () => {
    notificationsRepositoryContract(() => new RedisNotificationsRepository(redis));
  });

  describe('CallsRepository contract', () => {
    callsRepositoryContract(() => new RedisCallsRepository(redis, config));
  });

  describe('IdempotencyStore contract', () => {
    idempotencyStoreContract(() => new RedisIdempotencyStore(redis));
  });

  describe('RateLimiter contract', () => {
    rateLimiterContract(() => new RedisRateLimiter(redis));
  });

  describe('VotesRepository contract', () => {
    votesRepositoryContract(() => new RedisVotesRepository(redis));
  });

  describe('TimerRepository contract', () => {
    timerRepositoryContract(() => new RedisTimerRepository(redis));
  });

  describe('PresenceStore contract, two pods', () => {
    const stores: RedisPresenceStore[] = [];
    afterEach(async () => {
      await Promise.all(stores.splice(0).map((store) => store.stop()));
    });
    presenceStoreContract(async () => {
      const pods = [new RedisPresenceStore(redis, config), new RedisPresenceStore(redis, config)];
      for (const pod of pods) {
        await pod.start();
      }
      stores.push(...pods);
      return pods;
    });
  });

  describe('JobQueue contract on BullMQ', () => {
    jobQueueContract(() => new BullJobQueue(redis, config));
  });

  describe('JobsRepository', () => {
    const aJob = (ownerId: string): JobRecord => ({
      id: randomUUID(),
      ownerId,
      type: 'board.export',
      status: 'queued',
      progress: 0,
      processed: 0,
      total: 0,
      message: '',
      params: { boardId: randomUUID(), format: 'json' },
      createdAt: new Date().toISOString(),
    });

    it('stores, lists, finishes and keeps the results of jobs of several owners', async () => {
      const jobs = new RedisJobsRepository(redis);
      const [ann, ben] = [randomUUID(), randomUUID()];
      const [first, second, third] = [aJob(ann), aJob(ann), aJob(ben)];
      expect(await jobs.create(first, 2, Buffer.from('rows'))).toBe(true);
      expect(await jobs.create(second, 2)).toBe(true);
      expect(await jobs.create(aJob(ann), 2)).toBe(false);
      expect(await jobs.create(third, 2)).toBe(true);
      expect(await jobs.countActive(ann)).toBe(2);
      expect((await jobs.listFor(ann)).map((job) => job.id).sort()).toEqual([first.id, second.id].sort());
      expect((await jobs.loadInput(first.id))?.toString()).toBe('rows');
      expect(await jobs.update(first.id, { status: 'running' })).toMatchObject({ status: 'running' });
      await jobs.saveResult(first.id, { fileName: 'board.json', contentType: 'application/json', body: Buffer.from('{}') }, 60);
      expect(await jobs.finish(first.id, { status: 'completed' })).toMatchObject({ status: 'completed' });
      expect(await jobs.loadResult(first.id)).toMatchObject({ fileName: 'board.json' });
      expect(await jobs.get(third.id)).toMatchObject({ ownerId: ben });
    });
  });

  describe('PartyStreams', () => {
    it('counts the streams of several users on live pods', async () => {
      const pod = randomUUID();
      await redis.client.zadd(PRESENCE_PODS_KEY, Date.now() + 60_000, pod);
      const streams = new RedisPartyStreams(redis.client, pod);
      const [ann, ben, cid] = [randomUUID(), randomUUID(), randomUUID()];
      await streams.opened(ann, 'c1');
      await streams.opened(ben, 'c2');
      expect(await streams.connected([ann, ben, cid])).toEqual(new Set([ann, ben]));
      await streams.closed(ben, 'c2');
      expect(await streams.connected([ann, ben])).toEqual(new Set([ann]));
    });
  });

  describe('EventBus contract', () => {
    let bus: RedisEventBus | undefined;
    eventBusContract(() => {
      if (!bus) {
        throw new Error('the bus is connected before the first test');
      }
      return { bus, historySize: 20 };
    });
    beforeAll(async () => {
      bus = new RedisEventBus(redis, config);
      await bus.connect();
    });
  });

  it('kept every command, MULTI, pipeline and script on one slot, and spread entities over many slots', async () => {
    // Everything sent so far has reached the monitor once this marker has.
    const marker = `slot-check-${randomUUID()}`;
    await redis.client.echo(marker);
    const deadline = Date.now() + 5000;
    while (!monitored.some((command) => command.args[1] === marker)) {
      if (Date.now() > deadline) {
        throw new Error('MONITOR never printed the marker');
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    recording = false;
    pipelineSpy?.mockRestore();

    const checker = new Redis(server.url);
    let keys: string[][];
    let errors: string;
    try {
      keys = await keysOf(checker, monitored);
      errors = await checker.info('errorstats');
      // This file's slot function agrees with the node's own CLUSTER KEYSLOT on every key seen.
      const distinct = [...new Set(keys.flat())];
      const pipeline = checker.pipeline();
      distinct.forEach((key) => pipeline.cluster('KEYSLOT', key));
      const slots = ((await pipeline.exec()) ?? []).map(([, slot]) => slot);
      expect(distinct.filter((key, index) => keySlot(key) !== slots[index])).toEqual([]);
    } finally {
      checker.disconnect();
    }

    const violations: Violation[] = [];
    // 0. What Redis refused never reached MONITOR, and a caller may have swallowed the error.
    const refused = /errorstat_CROSSSLOT:count=(\d+)/.exec(errors)?.[1];
    if (refused !== undefined) {
      violations.push({ rule: 'Redis refused cross-slot commands', detail: `${refused} CROSSSLOT error(s)` });
    }
    const slotsOf = (list: readonly string[]): Set<number> => new Set(list.map(keySlot));
    const show = (command: MonitoredCommand): string =>
      command.args.map((arg) => (arg.length > 80 ? `${arg.slice(0, 80)}…` : arg)).join(' ');

    // 1. Each command: all its keys on one slot.
    monitored.forEach((command, index) => {
      if (slotsOf(keys[index]).size > 1) {
        violations.push({ rule: 'a command spans slots', detail: `${command.source}: ${show(command)}` });
      }
    });

    // 2. Each script: what it runs (printed right after it, marked lua) stays on its declared keys'
    //    slot, and touches only keys it declared (a key built inside Lua could be anywhere). The
    //    channel of a PUBLISH or SPUBLISH is no key, so it only has to share the slot. BullMQ builds
    //    its job keys in Lua by design, inside its queue's tag.
    let script: { command: MonitoredCommand; keys: Set<string>; slots: Set<number> } | undefined;
    let scripts = 0;
    monitored.forEach((command, index) => {
      const name = command.args[0].toLowerCase();
      if (command.source !== 'lua') {
        const isScript = SCRIPT_COMMANDS.has(name);
        script = isScript ? { command, keys: new Set(keys[index]), slots: slotsOf(keys[index]) } : undefined;
        scripts += isScript ? 1 : 0;
        return;
      }
      if (!script) {
        violations.push({ rule: 'a script command with no script before it', detail: show(command) });
        return;
      }
      const within = script;
      if ([...slotsOf(keys[index])].some((slot) => !within.slots.has(slot))) {
        violations.push({
          rule: 'a script touches a key (or channel) off its declared keys’ slot',
          detail: `${show(command)} in ${show(within.command)}`,
        });
      }
      const undeclared = keys[index].filter((key) => !within.keys.has(key) && SHARED_TAGS[hashTag(key)] === undefined);
      if (name !== 'publish' && name !== 'spublish' && undeclared.length > 0) {
        violations.push({
          rule: 'a script touches a key it did not declare',
          detail: `${undeclared.join(' ')} in ${show(within.command)}`,
        });
      }
    });

    // 3. Each MULTI … EXEC of one client: one slot.
    const open = new Map<string, { keys: string[]; commands: string[] }>();
    let transactions = 0;
    monitored.forEach((command, index) => {
      const name = command.args[0].toLowerCase();
      const block = open.get(command.source);
      if (name === 'multi') {
        open.set(command.source, { keys: [], commands: [] });
      } else if (block && (name === 'exec' || name === 'discard')) {
        open.delete(command.source);
        transactions++;
        if (slotsOf(block.keys).size > 1) {
          violations.push({ rule: 'a MULTI spans slots', detail: block.commands.join(' | ') });
        }
      } else if (block) {
        block.keys.push(...keys[index]);
        block.commands.push(show(command));
      }
    });

    // 4. Each pipeline: one slot (a cluster client sends a pipeline to one node).
    for (const pipelineKeys of pipelines) {
      if (slotsOf(pipelineKeys).size > 1) {
        violations.push({ rule: 'a pipeline spans slots', detail: pipelineKeys.join(' ') });
      }
    }

    // 5. Spread: the keys one line of code writes for many entities use many tags, not one.
    const patterns = new Map<string, { keys: Set<string>; tags: Set<string>; slots: Set<number> }>();
    for (const key of keys.flat()) {
      const pattern = patternOf(key);
      const entry = patterns.get(pattern) ?? { keys: new Set(), tags: new Set(), slots: new Set() };
      entry.keys.add(key);
      entry.tags.add(hashTag(key));
      entry.slots.add(keySlot(key));
      patterns.set(pattern, entry);
    }
    for (const [pattern, entry] of patterns) {
      const [tag] = entry.tags;
      if (entry.keys.size >= 3 && entry.tags.size === 1 && SHARED_TAGS[tag] === undefined) {
        violations.push({
          rule: 'one hash tag holds the keys of many entities',
          detail: `${pattern}: ${entry.keys.size} keys, all {${tag}}`,
        });
      }
    }

    // 6. A global key keeps its slot to itself: no per-entity key is forced onto it.
    const globalTags = new Map(Object.keys(GLOBAL_KEYS).map((key) => [hashTag(key), key]));
    for (const [pattern, entry] of patterns) {
      const shared = [...entry.tags].find((tag) => globalTags.has(tag));
      if (pattern.includes('<') && shared !== undefined) {
        violations.push({
          rule: 'per-entity keys share a global key’s tag',
          detail: `${pattern} shares {${shared}} with ${globalTags.get(shared)}`,
        });
      }
    }

    const allSlots = slotsOf(keys.flat());
    const inSharedTag = ([, entry]: [string, { tags: Set<string> }]): boolean =>
      [...entry.tags].every((tag) => SHARED_TAGS[tag] !== undefined);
    const lines = [...patterns]
      .filter((pattern) => !inSharedTag(pattern))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([pattern, entry]) =>
          `  ${pattern.padEnd(58)} keys ${String(entry.keys.size).padStart(5)}  tags ${String(entry.tags.size).padStart(5)}  slots ${String(entry.slots.size).padStart(5)}`,
      );
    console.log(
      [
        `Slot rule: ${monitored.length} commands checked (${scripts} scripts, ${transactions} MULTI blocks, ${pipelines.length} pipelines),` +
          ` ${allSlots.size} distinct slots, ${patterns.size} key patterns, ${violations.length} violation(s)`,
        ...lines,
        ...Object.entries(GLOBAL_KEYS).map(([key, reason]) => `  global ${key}: ${reason}`),
        ...Object.entries(SHARED_TAGS).map(
          ([tag, reason]) => `  shared {${tag}}: ${[...patterns].filter(inSharedTag).length} key patterns; ${reason}`,
        ),
        ...violations.map((violation) => `VIOLATION ${violation.rule}: ${violation.detail}`),
      ].join('\n'),
    );

    expect(scripts).toBeGreaterThan(0);
    expect(transactions).toBeGreaterThan(0);
    expect(allSlots.size).toBeGreaterThan(150);
    expect(violations).toEqual([]);
  });
});
