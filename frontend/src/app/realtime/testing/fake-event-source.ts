import { Injectable } from '@angular/core';
import { Observable, type Subscriber } from 'rxjs';

import type { AnyEventEnvelope, EventMap, EventType } from '@contracts/events';

import type { StreamRequest } from '../realtime-client';
import type { SseFrame } from '../transport/fetch-sse';
import type { PollAnswer } from '../transport/long-poll';
import { EventTransport } from '../transport/event-transport';
import { RefusedError, StreamEndedError, UnreachableError } from '../transport/transport-errors';

/**
 * The server's side of one stream in unit tests: the test plays the server, and the client
 * hears each frame at once (the real reader, transport/fetch-sse.ts, has its own spec).
 */
export class FakeEventSource {
  static instances: FakeEventSource[] = [];

  private subscriber: Subscriber<SseFrame> | undefined;
  private answered = false;
  /** Set when the client let go of the stream (unsubscribed) or the server ended it. */
  closed = false;

  constructor(readonly request: StreamRequest) {
    FakeEventSource.instances.push(this);
  }

  static reset(): void {
    FakeEventSource.instances = [];
    FakePoll.instances = [];
  }

  static latest(): FakeEventSource {
    const latest = FakeEventSource.instances.at(-1);
    if (!latest) {
      throw new Error('no stream was opened');
    }
    return latest;
  }

  static open(): FakeEventSource[] {
    return FakeEventSource.instances.filter((source) => !source.closed);
  }

  get channels(): string[] {
    return [...this.request.channels];
  }

  /** The Last-Event-ID the stream was opened with. */
  get lastEventId(): string | null {
    return this.request.cursor || null;
  }

  connect(subscriber: Subscriber<SseFrame>): () => void {
    this.subscriber = subscriber;
    return () => {
      this.closed = true;
    };
  }

  /** 200 with the stream's headers; nothing else yet (what a buffering proxy lets through). */
  answer(): void {
    if (!this.answered) {
      this.answered = true;
      this.frame({ kind: 'open' });
    }
  }

  /** The server sends one event; `id` is the SSE id (the stream cursor). */
  emit<T extends EventType>(
    type: T,
    data: EventMap[T],
    options: { id?: string; channel?: string; userId?: string | null; eventId?: string } = {},
  ): void {
    const envelope = {
      id: options.eventId ?? '',
      channel: options.channel ?? '',
      type,
      timestamp: new Date().toISOString(),
      userId: options.userId ?? null,
      data,
    };
    this.answer();
    this.frame({ kind: 'event', type, id: options.id, data: JSON.stringify(envelope) });
  }

  ready(cursor: string, heartbeatMs = 15_000): void {
    this.emit('stream.ready', { connectionId: 'c1', channels: this.channels, heartbeatMs }, { id: cursor });
  }

  comment(): void {
    this.answer();
    this.frame({ kind: 'comment' });
  }

  /** A `retry:` field: the reconnection delay the server asks for. */
  retry(ms: number): void {
    this.answer();
    this.frame({ kind: 'retry', ms });
  }

  /** The stream is refused with this status (before any byte), e.g. 401, 503 with Retry-After. */
  refuse(status: number, retryAfterMs?: number): void {
    this.end(new RefusedError(status, retryAfterMs));
  }

  /** No answer at all, or the connection broke off mid-stream. */
  fail(): void {
    this.end(new UnreachableError());
  }

  /** The server ended the stream (shutdown, token expiry). */
  drop(): void {
    this.end(new StreamEndedError());
  }

  private frame(frame: SseFrame): void {
    if (!this.closed) {
      this.subscriber?.next(frame);
    }
  }

  private end(error: Error): void {
    if (!this.closed) {
      this.closed = true;
      this.subscriber?.error(error);
    }
  }
}

/** The server's side of one long poll: the test answers it, refuses it or lets it fail. */
export class FakePoll {
  static instances: FakePoll[] = [];

  private subscriber: Subscriber<PollAnswer> | undefined;
  closed = false;

  constructor(
    readonly request: StreamRequest,
    readonly waitSeconds: number,
  ) {
    FakePoll.instances.push(this);
  }

  static latest(): FakePoll {
    const latest = FakePoll.instances.at(-1);
    if (!latest) {
      throw new Error('no poll was sent');
    }
    return latest;
  }

  static pending(): FakePoll[] {
    return FakePoll.instances.filter((poll) => !poll.closed);
  }

  get channels(): string[] {
    return [...this.request.channels];
  }

  get cursor(): string {
    return this.request.cursor;
  }

  connect(subscriber: Subscriber<PollAnswer>): () => void {
    this.subscriber = subscriber;
    return () => {
      this.closed = true;
    };
  }

  answer(answer: { events?: AnyEventEnvelope[]; cursor: string; reset?: { channels: string[] }; retryMs?: number }): void {
    if (!this.closed) {
      this.closed = true;
      this.subscriber?.next({ events: answer.events ?? [], cursor: answer.cursor, reset: answer.reset, retryMs: answer.retryMs });
      this.subscriber?.complete();
    }
  }

  refuse(status: number, retryAfterMs?: number): void {
    this.end(new RefusedError(status, retryAfterMs));
  }

  fail(): void {
    this.end(new UnreachableError());
  }

  private end(error: Error): void {
    if (!this.closed) {
      this.closed = true;
      this.subscriber?.error(error);
    }
  }
}

/** Provide as `{ provide: EventTransport, useClass: FakeEventTransport }`. */
@Injectable()
export class FakeEventTransport extends EventTransport {
  stream(request: StreamRequest): Observable<SseFrame> {
    const source = new FakeEventSource(request);
    return new Observable<SseFrame>((subscriber) => source.connect(subscriber));
  }

  poll(request: StreamRequest, waitSeconds: number): Observable<PollAnswer> {
    const poll = new FakePoll(request, waitSeconds);
    return new Observable<PollAnswer>((subscriber) => poll.connect(subscriber));
  }
}

/** An envelope as the server stores it: `eventId` is its id within the channel (`<ms>-<seq>`). */
export function envelope<T extends EventType>(type: T, data: EventMap[T], channel: string, eventId: string): AnyEventEnvelope {
  return { id: eventId, channel, type, timestamp: new Date().toISOString(), userId: null, data } as AnyEventEnvelope;
}

/** A cursor the contracts' parser accepts: `{ 'board:b1': '7-0' }` → `board:b1@e1:7-0`. */
export function cursorOf(positions: Record<string, string>, epoch = 'e1'): string {
  return Object.entries(positions)
    .map(([channel, id]) => `${channel}@${epoch}:${id}`)
    .join(',');
}
