import type { MessageEvent } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Subscriber } from 'rxjs';
import type { ChannelPosition } from '../../../contracts/cursor';
import { formatCursorSegment } from '../../../contracts/cursor';
import type { AuthUser } from '../auth/auth-user';
import type { BusEvent } from './bus-event';
import { controlEventJson } from './control-event';
import type { StreamSink } from './event-bus';
import type { StreamInfo } from './stream-hooks';

/** The part of the HTTP response the connection watches to spot a client that stopped reading. */
export interface WritableState {
  readonly writableNeedDrain: boolean;
  readonly headersSent: boolean;
  write(chunk: string): boolean;
  destroy(): void;
  once(event: 'close', listener: () => void): unknown;
}

export interface ConnectionLimits {
  /** Characters of events allowed to pile up for a client that is not reading. */
  maxBacklogChars: number;
  heartbeatMs: number;
}

/**
 * One SSE stream. Keeps the resume cursor of all its channels and writes each
 * event with it as the SSE id, so a plain EventSource resumes every channel.
 * Deliberately small: one exists per open stream.
 */
export class SseConnection implements StreamSink, StreamInfo {
  readonly connectionId = randomUUID();
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly expiresAt: number;
  /** When to send session.expiring: a minute before expiry, less for short-lived tokens. */
  readonly warnAt: number;
  nextHeartbeatAt: number;
  warnedExpiry = false;
  eventsSent = 0;
  /** Settles when the HTTP response is gone: everything written has been flushed or dropped. */
  readonly finished: Promise<void>;
  /** Cursor segment per channel, in the stream's channel order. */
  private readonly segments: string[];
  private readonly channelIndex: Map<string, number>;
  private cursorText = '';
  private cursorStale = true;
  private backlogChars = 0;
  private ended = false;
  /**
   * Nest's @Sse() pipeline sends the headers and the first event; after that, frames are
   * written to the response directly. Nest spends a promise and a stream transform per
   * event per client, which at thousands of streams costs most of the fan-out time.
   * Until the first event has gone out, frames wait here in order.
   */
  private queued: Array<MessageEvent & { retry?: number }> | undefined = [];
  private direct = false;

  constructor(
    user: AuthUser,
    readonly channels: readonly string[],
    private readonly subscriber: Subscriber<MessageEvent>,
    private readonly response: WritableState,
    private readonly limits: ConnectionLimits,
    private readonly onSlowConsumer: (connection: SseConnection) => void,
  ) {
    this.userId = user.id;
    this.username = user.username;
    this.displayName = user.displayName;
    this.expiresAt = user.tokenExpiresAt * 1000;
    const lifetime = this.expiresAt - Date.now();
    this.warnAt = this.expiresAt - Math.min(60_000, Math.max(1000, lifetime / 5));
    this.nextHeartbeatAt = Date.now() + limits.heartbeatMs;
    this.finished = new Promise((resolve) => response.once('close', resolve));
    this.segments = channels.map(() => '');
    this.channelIndex = new Map(channels.map((channel, index) => [channel, index]));
  }

  get cursor(): string {
    if (this.cursorStale) {
      this.cursorText = this.segments.filter((segment) => segment !== '').join(',');
      this.cursorStale = false;
    }
    return this.cursorText;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  setPosition(channel: string, position: ChannelPosition): void {
    const index = this.channelIndex.get(channel);
    if (index === undefined) return;
    this.segments[index] = formatCursorSegment(channel, position);
    this.cursorStale = true;
  }

  /** First event: the starting cursor and the client's reconnection delay. */
  ready(retryMs: number): void {
    this.subscriber.next({
      id: this.cursor,
      type: 'stream.ready',
      retry: retryMs,
      data: controlEventJson('stream.ready', { connectionId: this.connectionId, channels: [...this.channels], heartbeatMs: this.limits.heartbeatMs }),
    });
    this.eventsSent++;
    // Nest writes that first event through its stream on the next ticks; setImmediate runs after them.
    setImmediate(() => this.goDirect());
  }

  event(event: BusEvent): void {
    if (this.ended) return;
    if (this.response.writableNeedDrain) {
      // Ephemeral events (cursors, typing) are the first to go for a slow reader.
      if (event.ephemeral) return;
      this.backlogChars += event.json.length;
      if (this.backlogChars > this.limits.maxBacklogChars) return this.closeAsSlow();
    } else {
      this.backlogChars = 0;
    }
    if (!event.ephemeral) this.setPosition(event.channel, event);
    if (this.direct && !this.ended) {
      // The hot path: the event's own text is built once and shared by every stream.
      const [head, tail] = framing(event);
      this.eventsSent++;
      this.response.write(head + this.cursor + tail);
      return;
    }
    this.write({ id: this.cursor, type: event.type, data: event.json });
  }

  reset(channels: string[]): void {
    this.write({ id: this.cursor, type: 'reset', data: controlEventJson('reset', { channels }) });
  }

  /** A real event, not a comment: EventSource hides comments, and the client's watchdog needs to see it. */
  heartbeat(json: string, now: number): void {
    this.nextHeartbeatAt = now + this.limits.heartbeatMs;
    if (!this.response.writableNeedDrain) this.write({ id: this.cursor, type: 'heartbeat', data: json });
  }

  warnExpiry(): void {
    this.warnedExpiry = true;
    this.write({
      id: this.cursor,
      type: 'session.expiring',
      data: controlEventJson('session.expiring', { expiresAt: new Date(this.expiresAt).toISOString() }),
    });
  }

  /** Ends the stream; the retry hint spreads reconnecting clients out (e.g. over other pods). */
  close(reason: 'shutdown' | 'session_expired', retryMs?: number): void {
    if (this.ended) return;
    this.write({ id: this.cursor, type: 'stream.closing', retry: retryMs, data: controlEventJson('stream.closing', { reason }) });
    this.ended = true;
    // Completing makes Nest end the response after what was written; queued frames go first.
    if (!this.queued) this.subscriber.complete();
  }

  private closeAsSlow(): void {
    this.ended = true;
    this.onSlowConsumer(this);
    // Dropping the socket (rather than completing) frees what is queued for it at once.
    this.response.destroy();
  }

  private write(message: MessageEvent & { retry?: number }): void {
    if (this.ended) return;
    this.eventsSent++;
    if (this.direct) this.response.write(frame(message));
    else if (this.queued) this.queued.push(message);
    else this.subscriber.next(message);
  }

  private goDirect(): void {
    const queued = this.queued ?? [];
    this.queued = undefined;
    // Should Nest not have sent the headers yet, keep using its pipeline rather than race it.
    this.direct = this.response.headersSent;
    for (const message of queued) {
      if (this.direct) this.response.write(frame(message));
      else this.subscriber.next(message);
    }
    if (this.ended) this.subscriber.complete();
  }
}

/** One SSE event as text. Types and cursors never hold line breaks; data is one JSON line. */
function frame(message: MessageEvent & { retry?: number }): string {
  const retry = message.retry === undefined ? '' : `retry: ${message.retry}\n`;
  return `event: ${message.type}\nid: ${message.id}\n${retry}data: ${message.data as string}\n\n`;
}

let framedEvent: BusEvent | undefined;
let framedParts: [string, string] = ['', ''];

/**
 * An event's frame around the cursor, kept for the event being fanned out: every stream
 * gets the same event in a row, so one cached pair serves them all.
 */
function framing(event: BusEvent): [string, string] {
  if (event !== framedEvent) {
    framedEvent = event;
    framedParts = [`event: ${event.type}\nid: `, `\ndata: ${event.json}\n\n`];
  }
  return framedParts;
}
