import { randomBytes } from 'node:crypto';
import type { ChannelPosition } from '../../../contracts/cursor';
import type { EventMap, EventType } from '../../../contracts/events';
import { type AppConfig } from '../config/app-config';
import { type BusEvent, type ChannelListener, envelopeJson, envelopeRest, type HistoryResult, type PublishOptions } from './bus-event';
import { EventBus } from './event-bus';
import { compareIds, isAfter, nextId, ZERO_ID } from './stream-id';

interface ChannelState {
  lastId: string;
  /** Bounded history, oldest first. */
  history: BusEvent[];
  /** Newest id dropped from history: a cursor before it cannot be replayed. */
  maxDeletedId: string;
  listeners: Set<ChannelListener>;
}

/**
 * The embedded bus: one process, bounded history per channel. The epoch is
 * per process, since a restart loses every channel's history at once.
 */
export class MemoryEventBus extends EventBus {
  private readonly epoch = randomBytes(6).toString('hex');
  private readonly channels = new Map<string, ChannelState>();
  private readonly historySize: number;

  constructor(config: AppConfig) {
    super();
    this.historySize = config.historySize;
  }

  get activeChannels(): number {
    let count = 0;
    for (const state of this.channels.values()) {
      if (state.listeners.size > 0) {
        count++;
      }
    }
    return count;
  }

  async publish<T extends EventType>(
    channel: string,
    type: T,
    data: EventMap[T],
    actor: string | null,
    options: PublishOptions = {},
  ): Promise<BusEvent> {
    const state = this.state(channel);
    const rest = envelopeRest(channel, type, new Date().toISOString(), actor, data);
    if (options.ephemeral) {
      const event: BusEvent = { channel, id: '', epoch: this.epoch, type, json: envelopeJson('', rest), ephemeral: true };
      this.dispatch(state, event);
      return event;
    }
    const id = nextId(state.lastId, Date.now());
    const event: BusEvent = { channel, id, epoch: this.epoch, type, json: envelopeJson(id, rest), ephemeral: false };
    state.lastId = id;
    state.history.push(event);
    // Trim in batches, like XADD MAXLEN ~, so publishing stays O(1) on average.
    if (state.history.length > this.historySize + Math.ceil(this.historySize / 10)) {
      const dropped = state.history.splice(0, state.history.length - this.historySize);
      state.maxDeletedId = dropped[dropped.length - 1].id;
    }
    this.dispatch(state, event);
    this.published(event);
    return event;
  }

  async listen(channel: string, listener: ChannelListener): Promise<() => void> {
    const state = this.state(channel);
    state.listeners.add(listener);
    return () => {
      state.listeners.delete(listener);
    };
  }

  async head(channels: readonly string[]): Promise<Map<string, ChannelPosition>> {
    return new Map(channels.map((channel) => [channel, { epoch: this.epoch, id: this.channels.get(channel)?.lastId ?? ZERO_ID }]));
  }

  async history(channel: string, after: ChannelPosition): Promise<HistoryResult> {
    if (after.epoch !== this.epoch) {
      return { ok: false, reason: 'epoch' };
    }
    const state = this.channels.get(channel);
    if (!state) {
      return { ok: true, events: [] };
    }
    if (compareIds(after.id, state.maxDeletedId) < 0) {
      return { ok: false, reason: 'trimmed' };
    }
    return { ok: true, events: state.history.filter((event) => isAfter(event.id, after.id)) };
  }

  private state(channel: string): ChannelState {
    let state = this.channels.get(channel);
    if (!state) {
      state = { lastId: ZERO_ID, history: [], maxDeletedId: ZERO_ID, listeners: new Set() };
      this.channels.set(channel, state);
    }
    return state;
  }

  private dispatch(state: ChannelState, event: BusEvent): void {
    for (const listener of state.listeners) {
      listener.onEvent(event);
    }
  }
}
