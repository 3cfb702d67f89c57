import { Logger } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import { keySlot } from '../redis/key-slot';
import { UnavailableError } from '../common/domain-error';
import { type RedisService } from '../redis/redis.service';
import { ShardSubscriber, type SubscriberEvents } from './shard-subscriber';

interface NodeSubscriptions {
  connection: Redis;
  connected: Promise<void>;
  channels: Set<string>;
  healthy: boolean;
}

interface Placement {
  slot: number;
  node: string;
}

// ioredis has no event for a SUNSUBSCRIBE the server sends by itself (a slot moved away), so it
// reports it as a reply nobody asked for.
const UNASKED_SUNSUBSCRIBE = /Last reply: sunsubscribe,(.*),\d+$/;
/** A subscription the node neither confirms nor refuses in this long is tried again. */
const SUBSCRIBE_TIMEOUT_MS = 5000;

/**
 * Redis Cluster: a shard channel is only delivered by the master that owns its slot, so the pod
 * keeps one subscriber connection per master it needs and follows the slot map. A channel whose
 * connection dropped (the master died) or whose slot now belongs to another master (failover,
 * resharding) is reported lost; the event bus subscribes it again, on the new owner, and backfills it.
 */
export class ClusterShardSubscriber extends ShardSubscriber {
  private readonly logger = new Logger('ShardSubscriber');
  private readonly nodes = new Map<string, NodeSubscriptions>();
  private readonly placements = new Map<string, Placement>();

  constructor(
    private readonly redis: RedisService,
    private readonly cluster: Cluster,
    private readonly events: SubscriberEvents,
  ) {
    super();
    cluster.on('refresh', () => this.followSlotMap());
  }

  async connect(): Promise<void> {
    // Connections are opened per master on first use; the slot map comes with the command client.
  }

  async subscribe(pubsub: string): Promise<void> {
    const slot = keySlot(pubsub);
    const owner = this.cluster.slots[slot]?.[0];
    if (owner === undefined) {
      this.cluster.refreshSlotsCache();
      throw new UnavailableError('The event bus is unavailable, try again shortly', 2);
    }
    const node = this.node(owner);
    await node.connected;
    try {
      await confirmed(node.connection, pubsub);
    } catch (error) {
      // MOVED, or the master is gone: the slot map is stale.
      this.cluster.refreshSlotsCache();
      throw error;
    }
    node.channels.add(pubsub);
    const previous = this.placements.get(pubsub);
    this.placements.set(pubsub, { slot, node: owner });
    if (previous !== undefined && previous.node !== owner) {
      this.leave(previous.node, pubsub);
    }
  }

  unsubscribe(pubsub: string): void {
    const placement = this.placements.get(pubsub);
    this.placements.delete(pubsub);
    if (placement !== undefined) {
      this.leave(placement.node, pubsub);
    }
  }

  /** Channels whose slot has a new owner since they were subscribed. */
  private followSlotMap(): void {
    const moved: string[] = [];
    for (const [pubsub, placement] of this.placements) {
      const owner = this.cluster.slots[placement.slot]?.[0];
      if (owner !== undefined && owner !== placement.node) {
        moved.push(pubsub);
      }
    }
    if (moved.length > 0) {
      this.events.lost(moved);
    }
  }

  private node(key: string): NodeSubscriptions {
    const existing = this.nodes.get(key);
    if (existing) {
      return existing;
    }
    const separator = key.lastIndexOf(':');
    const connection = this.redis.createNodeConnection(`subscriber:${key}`, key.slice(0, separator), Number(key.slice(separator + 1)), {
      autoResubscribe: false,
    });
    const node: NodeSubscriptions = { connection, connected: connection.connect(), channels: new Set(), healthy: true };
    node.connected.catch(() => {
      // Reported by the subscribe that awaits it; ioredis keeps reconnecting.
    });
    connection.on('smessage', (pubsub: string, message: string) => this.events.message(pubsub, message));
    connection.on('close', () => {
      if (node.healthy && node.channels.size > 0) {
        this.events.lost([...node.channels]);
      }
      node.healthy = false;
    });
    connection.on('ready', () => {
      node.healthy = true;
    });
    connection.on('error', (error: Error) => {
      const unasked = UNASKED_SUNSUBSCRIBE.exec(error.message);
      if (unasked && node.channels.has(unasked[1])) {
        this.cluster.refreshSlotsCache();
        this.events.lost([unasked[1]]);
      }
    });
    this.nodes.set(key, node);
    return node;
  }

  private leave(key: string, pubsub: string): void {
    const node = this.nodes.get(key);
    if (!node) {
      return;
    }
    node.channels.delete(pubsub);
    if (node.channels.size > 0) {
      node.connection.sunsubscribe(pubsub).catch(() => {
        // The master is gone or the slot moved: nothing is delivered from there any more.
      });
      return;
    }
    // The last channel left this master (it failed over or gave its slots away): stop reconnecting to it.
    this.nodes.delete(key);
    this.redis.release(node.connection);
    node.connection.disconnect();
    this.logger.debug?.(`Closed the subscriber connection to ${key}`);
  }
}

/**
 * SSUBSCRIBE, settled either way. ioredis leaves an SSUBSCRIBE answered with MOVED (the slot has
 * another owner) pending for ever and only emits `moved` on the connection, so that counts as a
 * refusal here, and so does silence.
 */
function confirmed(connection: Redis, pubsub: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const settle = (error?: Error): void => {
      clearTimeout(timer);
      connection.off('moved', onMoved);
      if (error) {
        reject(error);
      } else {
        resolve();
      }
    };
    const onMoved = (): void => settle(new UnavailableError(`The slot of ${pubsub} moved`, 1));
    const timer = setTimeout(() => settle(new UnavailableError(`No answer to SSUBSCRIBE ${pubsub}`, 1)), SUBSCRIBE_TIMEOUT_MS);
    connection.once('moved', onMoved);
    connection.ssubscribe(pubsub).then(
      () => settle(),
      (error: Error) => settle(error),
    );
  });
}
