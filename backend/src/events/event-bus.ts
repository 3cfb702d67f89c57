import { Observable } from 'rxjs';
import type { ChannelPosition, Cursor } from '../../../contracts/cursor';
import type { EventMap, EventType } from '../../../contracts/events';
import { BusEvent, ChannelListener, HistoryResult, PublishOptions } from './bus-event';
import { isAfter } from './stream-id';

/** Receives a stream's events once it is open, in order per channel, each event once. */
export interface StreamSink {
  event(event: BusEvent): void;
  /** These channels' state must be refetched (history lost or a new epoch). */
  reset(channels: string[]): void;
}

export interface OpenedStream {
  /** Where each channel starts: the client's cursor, or the channel's head for new and reset channels. */
  readonly positions: ReadonlyMap<string, ChannelPosition>;
  /** Channels whose history no longer reaches the client's cursor. */
  readonly resetChannels: readonly string[];
  /** Missed events found in history, to be sent before anything live. */
  readonly replay: readonly BusEvent[];
  /** Starts live delivery to the sink: replayed events first, then what arrived meanwhile. */
  start(sink: StreamSink): void;
  close(): void;
}

export type StreamItem =
  | { kind: 'opened'; positions: ReadonlyMap<string, ChannelPosition>; resetChannels: readonly string[] }
  | { kind: 'event'; event: BusEvent }
  | { kind: 'reset'; channels: string[] };

/**
 * The event bus port. Adapters supply publish, per-channel live listening,
 * channel heads and history; resuming from a cursor is built on those once,
 * here, so both adapters resume exactly alike.
 */
export abstract class EventBus {
  abstract publish<T extends EventType>(
    channel: string,
    type: T,
    data: EventMap[T],
    actor: string | null,
    options?: PublishOptions,
  ): Promise<BusEvent>;

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
  async open(channels: readonly string[], cursor: Cursor | undefined): Promise<OpenedStream> {
    const positions = new Map<string, ChannelPosition>();
    const pending: Array<BusEvent | { reset: string; position: ChannelPosition }> = [];
    let sink: StreamSink | undefined;
    const unlisteners: Array<() => void> = [];
    let closed = false;

    const deliver = (event: BusEvent): void => {
      if (!sink) return void pending.push(event);
      if (event.ephemeral) return sink.event(event);
      const position = positions.get(event.channel);
      if (position && position.epoch !== event.epoch) {
        // The channel started over (e.g. Redis lost its data): what the client holds is stale.
        positions.set(event.channel, { epoch: event.epoch, id: event.id });
        sink.reset([event.channel]);
        return sink.event(event);
      }
      if (position && !isAfter(event.id, position.id)) return;
      // In place: this runs once per event per stream, so no allocation here.
      if (position) position.id = event.id;
      else positions.set(event.channel, { epoch: event.epoch, id: event.id });
      sink.event(event);
    };
    const resetChannel = (channel: string, position: ChannelPosition): void => {
      if (!sink) return void pending.push({ reset: channel, position });
      positions.set(channel, position);
      sink.reset([channel]);
    };

    const close = (): void => {
      if (closed) return;
      closed = true;
      sink = undefined;
      for (const unlisten of unlisteners.splice(0)) unlisten();
    };

    try {
      for (const channel of channels) {
        unlisteners.push(await this.listen(channel, { onEvent: deliver, onReset: resetChannel }));
      }
      const heads = await this.head(channels);
      const resetChannels: string[] = [];
      const replay: BusEvent[] = [];
      const histories = await Promise.all(
        channels.map(async (channel) => {
          const head = heads.get(channel)!;
          const from = cursor?.get(channel);
          if (!from) return { channel, start: head };
          if (from.epoch !== head.epoch) return { channel, start: head, reset: true };
          if (!isAfter(head.id, from.id)) return { channel, start: from };
          const result = await this.history(channel, from);
          return result.ok ? { channel, start: from, events: result.events } : { channel, start: head, reset: true };
        }),
      );
      for (const { channel, start, reset, events } of histories) {
        positions.set(channel, start);
        if (reset) resetChannels.push(channel);
        if (events) replay.push(...events);
      }
      const startPositions = new Map(positions);
      return {
        positions: startPositions,
        resetChannels,
        replay,
        start: (target) => {
          if (closed) return;
          // Own copies from here on: delivery updates them in place.
          for (const [channel, position] of positions) positions.set(channel, { ...position });
          for (const event of replay) {
            positions.set(event.channel, { epoch: event.epoch, id: event.id });
            target.event(event);
          }
          sink = target;
          for (const item of pending.splice(0)) {
            if ('reset' in item) resetChannel(item.reset, item.position);
            else deliver(item);
          }
        },
        close,
      };
    } catch (error) {
      close();
      throw error;
    }
  }

  /** The same as an Observable: opened, resets and events, until unsubscribed. */
  subscribe(channels: readonly string[], cursor?: Cursor): Observable<StreamItem> {
    return new Observable<StreamItem>((subscriber) => {
      let stream: OpenedStream | undefined;
      let unsubscribed = false;
      this.open(channels, cursor).then(
        (opened) => {
          if (unsubscribed) return opened.close();
          stream = opened;
          subscriber.next({ kind: 'opened', positions: opened.positions, resetChannels: opened.resetChannels });
          opened.start({
            event: (event) => subscriber.next({ kind: 'event', event }),
            reset: (resetChannels) => subscriber.next({ kind: 'reset', channels: resetChannels }),
          });
        },
        (error: unknown) => subscriber.error(error),
      );
      return () => {
        unsubscribed = true;
        stream?.close();
      };
    });
  }
}
