import type { Redis } from 'ioredis';
import { type RedisService } from '../redis/redis.service';

export interface SubscriberEvents {
  message(pubsub: string, message: string): void;
  /**
   * These shard channels may have missed messages (their connection dropped, their slot moved):
   * subscribe them again, then catch up from history.
   */
  lost(pubsubs: readonly string[]): void;
}

/**
 * A pod's sharded Pub/Sub subscription (SSUBSCRIBE): reference counting happens above it, so each
 * shard channel is subscribed at most once per pod and fanned out in process.
 */
export abstract class ShardSubscriber {
  abstract connect(): Promise<void>;
  /** Resolves once the channel is subscribed where it is published, now; idempotent. */
  abstract subscribe(pubsub: string): Promise<void>;
  abstract unsubscribe(pubsub: string): void;
}

/** One Redis: one subscriber connection, which ioredis re-subscribes after a reconnect. */
export class SingleShardSubscriber extends ShardSubscriber {
  private readonly connection: Redis;
  private readonly subscribed = new Set<string>();
  private dropped = false;

  constructor(redis: RedisService, events: SubscriberEvents) {
    super();
    this.connection = redis.createConnection('subscriber', { autoResubscribe: true }) as Redis;
    this.connection.on('smessage', (pubsub: string, message: string) => events.message(pubsub, message));
    this.connection.on('close', () => {
      this.dropped ||= this.subscribed.size > 0;
    });
    this.connection.on('ready', () => {
      if (this.dropped) {
        this.dropped = false;
        events.lost([...this.subscribed]);
      }
    });
  }

  async connect(): Promise<void> {
    await this.connection.connect();
  }

  async subscribe(pubsub: string): Promise<void> {
    this.subscribed.add(pubsub);
    // ioredis may already have re-sent it after a reconnect; the reply to ours proves it is in effect.
    await this.connection.ssubscribe(pubsub);
  }

  unsubscribe(pubsub: string): void {
    this.subscribed.delete(pubsub);
    this.connection.sunsubscribe(pubsub).catch(() => {
      // Not subscribed any more anyway once the connection is gone.
    });
  }
}
