import { Logger } from '@nestjs/common';
import type { Cluster } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { ChannelPosition } from '../../../contracts/cursor';
import type { EventMap, EventType } from '../../../contracts/events';
import { UnavailableError } from '../common/domain-error';
import { isRedisUnavailableError } from '../common/redis-errors';
import { type AppConfig } from '../config/app-config';
import type { RedisClient } from '../redis/redis-client';
import { type RedisService } from '../redis/redis.service';
import { type BusEvent, type ChannelListener, envelopeJson, envelopeRest, type HistoryResult, type PublishOptions } from './bus-event';
import { EventBus } from './event-bus';
import { type BusMetrics, NO_BUS_METRICS } from './bus-metrics';
import { channelFromPubsub, channelKeys } from './redis-keys';
import { HEAD, HISTORY, PUBLISH } from './redis-scripts';
import { SingleShardSubscriber, type ShardSubscriber } from './shard-subscriber';
import { ClusterShardSubscriber } from './shard-subscriber.cluster';
import { isAfter } from './stream-id';

type StreamEntry = [id: string, fields: string[]];

interface ChannelState {
  listeners: Set<ChannelListener>;
  /** Resolves when SSUBSCRIBE is confirmed and the channel's position is known. */
  ready: Promise<void>;
  /** Last event this pod delivered: where a backfill starts after the subscription dropped. */
  position?: ChannelPosition;
  /** Live messages held back while a backfill for this channel runs. */
  held?: BusEvent[];
  /** A backfill is running; `again` asks it for one more round (the channel was lost again meanwhile). */
  recovering?: { again: boolean };
}

const EPHEMERAL_MARK = '~';
/** History entries read per round trip: a page of 4 KB notes is about 2 MB. */
const HISTORY_PAGE = 500;
const RECOVERY_RETRY_MAX_MS = 2000;

/**
 * Redis adapter: Streams for history, sharded Pub/Sub (SPUBLISH) for live delivery, one
 * subscription per channel per pod (reference counted), fan-out in process. On a Redis Cluster an
 * event reaches only the shard that owns its channel's slot; the pod follows the slot map.
 */
export class RedisEventBus extends EventBus {
  private readonly logger = new Logger('EventBus');
  private readonly commands: RedisClient;
  private readonly subscriber: ShardSubscriber;
  private readonly channels = new Map<string, ChannelState>();
  private readonly historySize: number;
  private readonly cluster: boolean;
  /** The scripts' flag for the cluster-only writer check. */
  private readonly clustered: string;

  constructor(
    private readonly redis: RedisService,
    config: AppConfig,
    private readonly metrics: BusMetrics = NO_BUS_METRICS,
  ) {
    super();
    this.historySize = config.historySize;
    this.commands = redis.client;
    this.cluster = redis.mode === 'cluster';
    this.clustered = this.cluster ? '1' : '0';
    HEAD.prepare(this.commands);
    const events = {
      message: (pubsub: string, message: string) => this.onMessage(pubsub, message),
      lost: (pubsubs: readonly string[]) => this.recover(pubsubs),
    };
    this.subscriber = this.cluster
      ? new ClusterShardSubscriber(redis, this.commands as Cluster, events)
      : new SingleShardSubscriber(redis, events);
  }

  async connect(): Promise<void> {
    await this.subscriber.connect();
  }

  get activeChannels(): number {
    return this.channels.size;
  }

  async publish<T extends EventType>(
    channel: string,
    type: T,
    data: EventMap[T],
    actor: string | null,
    options: PublishOptions = {},
  ): Promise<BusEvent> {
    const keys = channelKeys(channel);
    const rest = envelopeRest(channel, type, new Date().toISOString(), actor, data);
    const started = process.hrtime.bigint();
    try {
      if (options.ephemeral) {
        await this.commands.spublish(keys.pubsub, `${EPHEMERAL_MARK} ${EPHEMERAL_MARK} ${type} ${rest}`);
        return { channel, id: '', epoch: '', type, json: envelopeJson('', rest), ephemeral: true };
      }
      const [epoch, id] = await PUBLISH.run(
        this.commands,
        [keys.stream, keys.epoch],
        [newEpoch(), this.clustered, this.historySize, keys.pubsub, type, rest],
      );
      const event: BusEvent = { channel, id, epoch, type, json: envelopeJson(id, rest), ephemeral: false };
      this.published(event);
      return event;
    } catch (error) {
      this.metrics.publishFailed();
      throw toUnavailable(error);
    } finally {
      this.metrics.published(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  async listen(channel: string, listener: ChannelListener): Promise<() => void> {
    let state = this.channels.get(channel);
    if (!state) {
      const created: ChannelState = { listeners: new Set(), ready: Promise.resolve() };
      created.ready = this.subscribeChannel(channel, created);
      this.channels.set(channel, created);
      state = created;
    }
    state.listeners.add(listener);
    const current = state;
    try {
      await current.ready;
    } catch (error) {
      this.release(channel, current, listener);
      throw error;
    }
    return () => this.release(channel, current, listener);
  }

  async head(channels: readonly string[]): Promise<Map<string, ChannelPosition>> {
    if (this.cluster) {
      // A cluster pipeline must stay on one node; channels spread over all of them.
      const heads = await this.run(() =>
        Promise.all(
          channels.map((channel) => {
            const keys = channelKeys(channel);
            return HEAD.run(this.commands, [keys.stream, keys.epoch], [newEpoch(), this.clustered]);
          }),
        ),
      );
      return new Map(channels.map((channel, index) => [channel, { epoch: heads[index][0], id: heads[index][1] }]));
    }
    const pipeline = this.commands.pipeline();
    for (const channel of channels) {
      const keys = channelKeys(channel);
      HEAD.queue(pipeline, [keys.stream, keys.epoch], [newEpoch(), this.clustered]);
    }
    const replies = await this.run(() => pipeline.exec());
    return new Map(
      channels.map((channel, index) => {
        const [error, reply] = replies?.[index] ?? [new Error('no reply')];
        if (error) {
          throw toUnavailable(error);
        }
        const [epoch, id] = HEAD.check(reply);
        return [channel, { epoch, id }];
      }),
    );
  }

  /**
   * Read in pages: one reply of thousands of large events takes ioredis long enough to parse
   * that every other stream of the pod waits; between pages they get their turn.
   */
  async history(channel: string, after: ChannelPosition): Promise<HistoryResult> {
    const keys = channelKeys(channel);
    const events: BusEvent[] = [];
    let from = after.id;
    for (;;) {
      const reply = await this.run(() =>
        HISTORY.run(this.commands, [keys.stream, keys.epoch], [newEpoch(), this.clustered, after.epoch, from, HISTORY_PAGE]),
      );
      if (reply[0] !== 'ok') {
        return { ok: false, reason: reply[0] };
      }
      for (const entry of reply[1]) {
        events.push(fromEntry(channel, after.epoch, entry));
      }
      if (reply[1].length < HISTORY_PAGE) {
        return { ok: true, events };
      }
      from = reply[1][reply[1].length - 1][0];
    }
  }

  private async subscribeChannel(channel: string, state: ChannelState): Promise<void> {
    await this.run(() => this.subscriber.subscribe(channelKeys(channel).pubsub));
    const head = (await this.head([channel])).get(channel)!;
    // A live message may have set a later position between SUBSCRIBE and HEAD: keep it.
    state.position ??= head;
  }

  private release(channel: string, state: ChannelState, listener: ChannelListener): void {
    state.listeners.delete(listener);
    if (state.listeners.size > 0 || this.channels.get(channel) !== state) {
      return;
    }
    this.channels.delete(channel);
    this.subscriber.unsubscribe(channelKeys(channel).pubsub);
  }

  private onMessage(pubsub: string, message: string): void {
    const channel = channelFromPubsub(pubsub);
    const state = channel === undefined ? undefined : this.channels.get(channel);
    if (!state || channel === undefined) {
      return;
    }
    const first = message.indexOf(' ');
    const second = message.indexOf(' ', first + 1);
    const third = message.indexOf(' ', second + 1);
    const epoch = message.slice(0, first);
    const type = message.slice(second + 1, third);
    const rest = message.slice(third + 1);
    if (epoch === EPHEMERAL_MARK) {
      this.dispatch(state, { channel, id: '', epoch: '', type, json: envelopeJson('', rest), ephemeral: true });
      return;
    }
    const id = message.slice(first + 1, second);
    this.dispatch(state, { channel, id, epoch, type, json: envelopeJson(id, rest), ephemeral: false });
  }

  private dispatch(state: ChannelState, event: BusEvent): void {
    if (state.held && !event.ephemeral) {
      return void state.held.push(event);
    }
    this.deliver(state, event);
  }

  /** Drops what this pod already delivered (backfill and live overlap), then fans out. */
  private deliver(state: ChannelState, event: BusEvent): void {
    if (!event.ephemeral) {
      const position = state.position;
      if (position && position.epoch === event.epoch && !isAfter(event.id, position.id)) {
        return;
      }
      state.position = { epoch: event.epoch, id: event.id };
    }
    for (const listener of state.listeners) {
      listener.onEvent(event);
    }
  }

  /**
   * The subscription of these channels may have missed messages (connection dropped, slot moved,
   * new epoch): hold their live messages, subscribe again where they are published now, deliver
   * what history has after this pod's position, then what was held. Retries until it succeeds or
   * nobody on this pod listens any more.
   */
  private recover(pubsubs: readonly string[]): void {
    for (const pubsub of pubsubs) {
      const channel = channelFromPubsub(pubsub);
      const state = channel === undefined ? undefined : this.channels.get(channel);
      if (channel === undefined || state === undefined) {
        continue;
      }
      if (state.recovering) {
        state.recovering.again = true;
        continue;
      }
      state.recovering = { again: false };
      state.held ??= [];
      void this.recoverChannel(channel, state);
    }
  }

  private async recoverChannel(channel: string, state: ChannelState): Promise<void> {
    const recovering = state.recovering!;
    for (let attempt = 0; this.channels.get(channel) === state && !this.redis.closed; attempt++) {
      recovering.again = false;
      try {
        await this.subscriber.subscribe(channelKeys(channel).pubsub);
        await this.backfill(channel, state);
        if (!recovering.again) {
          break;
        }
      } catch (error) {
        if (attempt === 0) {
          this.logger.warn(`Catching up ${channel} failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(RECOVERY_RETRY_MAX_MS, 100 * 2 ** attempt)).unref());
      }
    }
    state.recovering = undefined;
    this.releaseHeld(state);
  }

  private async backfill(channel: string, state: ChannelState): Promise<void> {
    const position = state.position;
    if (position) {
      const head = (await this.head([channel])).get(channel)!;
      // A Redis that came back behind what this pod delivered (failover, restore): the same
      // epoch with a shorter stream. Events it gives new ids at or below ours must not be dropped.
      const behind = head.epoch === position.epoch && isAfter(position.id, head.id);
      const result = behind ? undefined : await this.history(channel, position);
      this.metrics.caughtUp(result?.ok ? 'history' : 'reset');
      if (result?.ok) {
        for (const event of result.events) {
          this.deliver(state, event);
        }
      } else {
        state.position = head;
        for (const listener of state.listeners) {
          listener.onReset(channel, head);
        }
      }
    }
  }

  private releaseHeld(state: ChannelState): void {
    const held = state.held ?? [];
    state.held = undefined;
    for (const event of held) {
      this.deliver(state, event);
    }
  }

  private async run<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw toUnavailable(error);
    }
  }
}

function toUnavailable(error: unknown): unknown {
  return isRedisUnavailableError(error) ? new UnavailableError('The event bus is unavailable, try again shortly', 2) : error;
}

/**
 * A candidate epoch, used only if the channel has none yet; asked for on every head and publish.
 * 48 random bits from randomUUID(), which draws on a pooled buffer: randomBytes() asked the OS
 * each time, two system calls per stream opened.
 */
function newEpoch(): string {
  const uuid = randomUUID();
  return uuid.slice(0, 8) + uuid.slice(9, 13);
}

function fromEntry(channel: string, epoch: string, [id, fields]: StreamEntry): BusEvent {
  let type = '';
  let rest = '';
  for (let i = 0; i < fields.length; i += 2) {
    if (fields[i] === 't') {
      type = fields[i + 1];
    } else if (fields[i] === 'r') {
      rest = fields[i + 1];
    }
  }
  return { channel, id, epoch, type, json: envelopeJson(id, rest), ephemeral: false };
}
