import type { EventMap, EventType } from '@contracts/events';

import { EVENT_SOURCE_CLOSED, type EventSourceLike } from '../event-source';

const CONNECTING = 0;
const OPEN = 1;

/** Stands in for the browser's EventSource in unit tests: the test plays the server. */
export class FakeEventSource implements EventSourceLike {
  static instances: FakeEventSource[] = [];

  readyState = CONNECTING;
  onerror: ((event: Event) => void) | null = null;
  private readonly listeners = new Map<string, Array<(event: MessageEvent<string>) => void>>();

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }

  static reset(): void {
    FakeEventSource.instances = [];
  }

  static latest(): FakeEventSource {
    const latest = FakeEventSource.instances.at(-1);
    if (!latest) {
      throw new Error('no EventSource was created');
    }
    return latest;
  }

  static open(): FakeEventSource[] {
    return FakeEventSource.instances.filter((source) => source.readyState !== EVENT_SOURCE_CLOSED);
  }

  get channels(): string[] {
    return new URL(this.url, 'http://test').searchParams.getAll('channel');
  }

  get lastEventId(): string | null {
    return new URL(this.url, 'http://test').searchParams.get('lastEventId');
  }

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.readyState = EVENT_SOURCE_CLOSED;
  }

  /** The server sends one event; `id` is the SSE id (the stream cursor), `eventId` the envelope's id within its channel. */
  emit<T extends EventType>(
    type: T,
    data: EventMap[T],
    options: { id?: string; channel?: string; userId?: string | null; eventId?: string } = {},
  ): void {
    this.readyState = OPEN;
    const envelope = {
      id: options.eventId ?? '',
      channel: options.channel ?? '',
      type,
      timestamp: new Date().toISOString(),
      userId: options.userId ?? null,
      data,
    };
    const event = new MessageEvent<string>(type, { data: JSON.stringify(envelope), lastEventId: options.id ?? '' });
    for (const listener of this.listeners.get(type) ?? []) {
      listener(event);
    }
  }

  ready(cursor: string, heartbeatMs = 15_000): void {
    this.emit('stream.ready', { connectionId: 'c1', channels: this.channels, heartbeatMs }, { id: cursor });
  }

  /** The browser gives up (non-200 answer, failed reconnect). */
  fail(): void {
    this.readyState = EVENT_SOURCE_CLOSED;
    this.onerror?.(new Event('error'));
  }

  /** The connection dropped; the browser will retry by itself. */
  drop(): void {
    this.readyState = CONNECTING;
    this.onerror?.(new Event('error'));
  }
}

/** A cursor the contracts' parser accepts: `{ 'board:b1': '7-0' }` → `board:b1@e1:7-0`. */
export function cursorOf(positions: Record<string, string>, epoch = 'e1'): string {
  return Object.entries(positions)
    .map(([channel, id]) => `${channel}@${epoch}:${id}`)
    .join(',');
}
