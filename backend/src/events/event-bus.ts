import type { ChannelName } from '../../../contracts/channels';
import type { ChannelPosition, Cursor } from '../../../contracts/cursor';
import type { EventType, ServerEventMap } from '../../../contracts/events';
import { type BusEvent, type ChannelListener, type HistoryResult, type PublishOptions } from './bus-event';
import { compareIds, isAfter } from './stream-id';

/** Told of each event stored through this pod (see EventBus.onPublished). */
export type PublishedHook = (event: BusEvent) => void;

/** Receives a stream's events once it is open, in order per channel, each event once. */
export interface StreamSink {
  event(event: BusEvent): void;
  /** These channels' state must be refetched (history lost or a new epoch). */
  reset(channels: ChannelName[]): void;
}

export interface OpenedStream {
  /** Where each channel starts: the client's cursor, or the channel's head for new and reset channels. */
  readonly positions: ReadonlyMap<string, ChannelPosition>;
  /** Channels whose history no longer reaches the client's cursor. */
  readonly resetChannels: readonly ChannelName[];
  /** Missed events found in history, to be sent before anything live. */
  readonly replay: readonly BusEvent[];
  /** Starts live delivery to the sink: replayed events first, then what arrived meanwhile. */
  start(sink: StreamSink): void;
  /** Stops listening to one channel: nothing more of it reaches the sink, not even what is queued. */
  drop(channel: string): void;
  close(): void;
}

/**
 * The event bus port. Adapters supply publish, per-channel live listening,
 * channel heads and history; resuming from a cursor is built on those once,
 * here, so both adapters resume exactly alike.
 */
export abstract class EventBus {
  private readonly publishedHooks: PublishedHook[] = [];

  /**
   * Runs `hook` after every event this pod stores (never for ephemeral ones): each stored event is
   * published on exactly one pod, so a hook sees it once cluster-wide. Hooks run synchronously in
   * the publisher's turn: they must be quick, and hand slow work off without awaiting it.
   */
  onPublished(hook: PublishedHook): void {
    this.publishedHooks.push(hook);
  }

  /** Adapters call this once an event is stored; a failing hook never fails the publish. */
  protected published(event: BusEvent): void {
    for (const hook of this.publishedHooks) {
      try {
        hook(event);
      } catch {
        // The event is stored and delivered either way; what a hook derives from it is secondary.
      }
    }
  }

  /** A client event, on a channel a client may follow: both checked against the contracts. */
  abstract publish<T extends EventType>(
    channel: ChannelName,
    type: T,
    data: ServerEventMap[T],
    actor: string | null,
    options?: PublishOptions,
  ): Promise<BusEvent>;
  /**
   * A notice between pods. `system:` channels never reach a client, so their events stay out of
   * the contracts' event map: the one module that publishes on such a channel also reads it.
   */
  abstract publish(channel: ChannelName<'system'>, type: string, data: unknown, actor: null): Promise<BusEvent>;

  /**
   * One event to several channels (a fan-out to each participant): all channels at once,
   * each keeping its own order. Resolves with the stored events, in the order of `channels`.
   */
  publishMany<T extends EventType>(
    channels: readonly ChannelName[],
    type: T,
    data: ServerEventMap[T],
    actor: string | null,
    options?: PublishOptions,
  ): Promise<BusEvent[]> {
    return Promise.all(channels.map((channel) => this.publish(channel, type, data, actor, options)));
  }

  /** Live events of one channel on this pod; resolves once delivery is guaranteed to have begun. */
  abstract listen(channel: string, listener: ChannelListener): Promise<() => void>;

  /** The current position (epoch and last id) of each channel. */
  abstract head(channels: readonly string[]): Promise<Map<string, ChannelPosition>>;

  /** Every stored event after `after`, or why that is no longer possible. */
  abstract history(channel: string, after: ChannelPosition): Promise<HistoryResult>;

  /** Channels this pod currently listens to. */
  abstract get activeChannels(): number;

  /**
   * Listens first, then reads heads and history, so nothing published in
   * between can fall through the gap; live events that also appear in the
   * replay are dropped by id.
   */
  async open(channels: readonly ChannelName[], cursor: Cursor | undefined): Promise<OpenedStream> {
    const stream = new OpenStream(channels);
    try {
      for (const channel of channels) {
        stream.unlisteners.push(await this.listen(channel, stream));
      }
      const heads = await this.head(channels);
      const starts = await Promise.all(channels.map((channel) => this.startOf(channel, heads.get(channel)!, cursor?.get(channel))));
      starts.forEach(({ start, reset, events }, index) => stream.startAt(index, start, reset === true, events ?? []));
      return stream;
    } catch (error) {
      stream.close();
      throw error;
    }
  }

  private async startOf(
    channel: string,
    head: ChannelPosition,
    from: ChannelPosition | undefined,
  ): Promise<{ start: ChannelPosition; reset?: boolean; events?: BusEvent[] }> {
    if (!from) {
      return { start: head };
    }
    if (from.epoch !== head.epoch) {
      return { start: head, reset: true };
    }
    const order = compareIds(from.id, head.id);
    // Ahead of the tail: events the client saw are gone (failover, restore) or the cursor is
    // forged. Starting there would drop every new event up to that id as already seen.
    if (order > 0) {
      return { start: head, reset: true };
    }
    if (order === 0) {
      return { start: from };
    }
    const result = await this.history(channel, from);
    return result.ok ? { start: from, events: result.events } : { start: head, reset: true };
  }
}

/**
 * One open stream's side of the bus: where each of its channels stands, so every event
 * reaches the sink once and in order. It is the channel listener itself and keeps its
 * positions in arrays beside the channel list, without closures: one of these lives per
 * open stream, and `onEvent` runs once per event per stream.
 */
class OpenStream implements OpenedStream, ChannelListener {
  readonly unlisteners: Array<() => void> = [];
  resetChannels: ChannelName[] = NO_CHANNELS;
  replay: BusEvent[] = [];
  private readonly epochs: string[];
  private readonly ids: string[];
  private sink: StreamSink | undefined;
  /** Live events and resets that arrived while history was being read. */
  private pending: Array<BusEvent | { reset: string; position: ChannelPosition }> | undefined = [];
  private closed = false;

  constructor(private readonly channels: readonly ChannelName[]) {
    this.epochs = channels.map(() => '');
    this.ids = channels.map(() => '');
  }

  get positions(): ReadonlyMap<string, ChannelPosition> {
    return new Map(this.channels.map((channel, index) => [channel, { epoch: this.epochs[index], id: this.ids[index] }]));
  }

  startAt(index: number, position: ChannelPosition, reset: boolean, replay: readonly BusEvent[]): void {
    this.setPosition(index, position);
    if (reset) {
      this.resetChannels = [...this.resetChannels, this.channels[index]];
    }
    if (replay.length > 0) {
      this.replay = [...this.replay, ...replay];
    }
  }

  start(sink: StreamSink): void {
    if (this.closed) {
      return;
    }
    const replay = this.replay;
    this.replay = [];
    for (const event of replay) {
      this.setPosition(this.channelIndex(event.channel), event);
      sink.event(event);
    }
    this.sink = sink;
    const pending = this.pending ?? [];
    this.pending = undefined;
    for (const item of pending) {
      if ('reset' in item) {
        this.onReset(item.reset, item.position);
      } else {
        this.onEvent(item);
      }
    }
  }

  onEvent(event: BusEvent): void {
    const sink = this.sink;
    if (!sink) {
      return void this.pending?.push(event);
    }
    if (event.ephemeral) {
      return sink.event(event);
    }
    const index = this.channelIndex(event.channel);
    if (index < 0) {
      return;
    }
    if (this.epochs[index] !== event.epoch) {
      // The channel started over (e.g. Redis lost its data): what the client holds is stale.
      this.setPosition(index, event);
      sink.reset([this.channels[index]]);
      return sink.event(event);
    }
    if (!isAfter(event.id, this.ids[index])) {
      return;
    }
    this.ids[index] = event.id;
    sink.event(event);
  }

  onReset(channel: string, position: ChannelPosition): void {
    const sink = this.sink;
    if (!sink) {
      return void this.pending?.push({ reset: channel, position });
    }
    const index = this.channelIndex(channel);
    if (index < 0) {
      return;
    }
    this.setPosition(index, position);
    sink.reset([this.channels[index]]);
  }

  drop(channel: string): void {
    const index = this.channelIndex(channel);
    const unlisten = this.unlisteners[index];
    if (index < 0 || unlisten === undefined) {
      return;
    }
    // Listeners were added in channel order, so the index finds this channel's own.
    this.unlisteners[index] = NO_OP;
    unlisten();
    this.replay = this.replay.filter((event) => event.channel !== channel);
    this.pending = this.pending?.filter((item) => ('reset' in item ? item.reset : item.channel) !== channel);
  }

  close(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.sink = undefined;
    this.pending = undefined;
    this.replay = [];
    for (const unlisten of this.unlisteners.splice(0)) {
      unlisten();
    }
  }

  /** Where a channel named by an event or a listener sits in this stream's own (checked) list. */
  private channelIndex(channel: string): number {
    const names: readonly string[] = this.channels;
    return names.indexOf(channel);
  }

  private setPosition(index: number, position: ChannelPosition): void {
    this.epochs[index] = position.epoch;
    this.ids[index] = position.id;
  }
}

const NO_CHANNELS: ChannelName[] = [];
const NO_OP = (): void => undefined;
