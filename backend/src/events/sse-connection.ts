import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ChannelName } from '../../../contracts/channels';
import { formatCursorSegment } from '../../../contracts/cursor';
import type { AccessLossReason } from '../../../contracts/events';
import type { AuthUser } from '../auth/auth-user';
import type { BusEvent } from './bus-event';
import { ChannelConnection, type ClosingReason, type OpenConnection } from './channel-connection';
import { controlEventJson } from './control-event';
import type { StreamSink } from './event-bus';
import { frameText, sharedFrames, wireText } from './sse-frames';

export interface ConnectionLimits {
  /** Bytes allowed to pile up for a client that is not reading. */
  maxBacklogBytes: number;
  /** Payload bytes of live events allowed to wait behind a catch-up. */
  maxQueuedLiveBytes: number;
  heartbeatMs: number;
}

/** Bytes written per turn of a catch-up before it waits for the socket to drain. */
const CATCH_UP_CHUNK_BYTES = 64 * 1024;

/** A control frame waiting in the queue; its id is the cursor when it is written. */
interface QueuedControl {
  readonly control: string;
  readonly json: string;
  readonly retryMs?: number;
}

type Queued = BusEvent | QueuedControl;

/**
 * One SSE stream. Keeps the resume cursor of all its channels and writes each
 * event with it as the SSE id, so a plain EventSource resumes every channel.
 *
 * Nest's @Sse() route sends the headers; then the socket adapter hands the socket
 * over (`takeOver`) and frames are written to it directly. Until then frames wait
 * here in order, and so does a catch-up: it leaves in chunks, each once the socket has
 * drained the last, and live events that arrive meanwhile queue behind it (bounded). The
 * cursor is that of the last frame written, so a frame's id is decided when it leaves.
 * Deliberately small: one exists per open stream.
 */
export class SseConnection extends ChannelConnection implements StreamSink, OpenConnection {
  readonly transport = 'sse';
  nextHeartbeatAt: number;
  warnedExpiry = false;
  eventsSent = 0;
  /** Where the stream's events come from, so a revoked channel can stop at the source. */
  private source: { drop(channel: string): void } | undefined;
  private socket: Socket | undefined;
  private chunked = true;
  /** Frames not yet written, oldest first from `head`; undefined while the stream is live. */
  private queue: Queued[] | undefined = [];
  private head = 0;
  /** Payload bytes queued after the catch-up; -1 until the catch-up is all queued. */
  private queuedLiveBytes = -1;
  /** Where the catch-up ends in the queue. */
  private catchUpLength = 0;
  private pumpLater: (() => void) | undefined;
  private endWhenFlushed = false;
  private ended = false;
  private gone = false;

  constructor(
    user: AuthUser,
    channels: readonly ChannelName[],
    private readonly response: ServerResponse,
    private readonly limits: ConnectionLimits,
    private readonly onSlowConsumer: (connection: SseConnection) => void,
  ) {
    super(user, channels);
    this.nextHeartbeatAt = Date.now() + limits.heartbeatMs;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Settles once the HTTP response is gone: everything written was flushed or dropped. */
  whenGone(): Promise<void> {
    if (this.gone) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.response.once('close', resolve));
  }

  /** Called when the response closed, whatever the reason. */
  markGone(): void {
    this.gone = true;
    this.ended = true;
    this.queue = undefined;
  }

  /** First event: the starting cursor and the client's reconnection delay. */
  ready(retryMs: number): void {
    const data = controlEventJson('stream.ready', {
      connectionId: this.connectionId,
      channels: [...this.channels],
      heartbeatMs: this.limits.heartbeatMs,
    });
    this.writeControl('stream.ready', data, retryMs);
  }

  /**
   * Nest has sent the headers: from now on frames go straight to the socket, with HTTP/1.1
   * chunk framing if `chunked` (sse-socket-adapter.ts hands both over). Nest's own pipeline
   * spends an Observable chain, a promise and a stream transform per event per client, and
   * keeps its request lifecycle alive for as long as the stream is open.
   */
  takeOver(socket: Socket, chunked: boolean): boolean {
    if (socket.destroyed || this.response.writableEnded) {
      return false;
    }
    this.socket = socket;
    this.chunked = chunked;
    this.pump();
    return true;
  }

  /** Everything queued so far is the catch-up; live events queued after it count against the client. */
  catchUpQueued(): void {
    if (!this.queue) {
      return;
    }
    this.queuedLiveBytes = 0;
    this.catchUpLength = this.queue.length;
  }

  event(event: BusEvent): void {
    if (this.ended) {
      return;
    }
    const index = this.channelIndex(event.channel);
    if (index < 0) {
      return;
    }
    const socket = this.socket;
    const queue = this.queue;
    if (queue) {
      // Behind a catch-up, ephemeral events would only arrive stale.
      if (event.ephemeral && socket) {
        return;
      }
      queue.push(event);
      if (this.queuedLiveBytes < 0) {
        return;
      }
      this.queuedLiveBytes += event.json.length;
      if (this.queuedLiveBytes > this.limits.maxQueuedLiveBytes) {
        this.closeAsSlow();
      }
      return;
    }
    if (socket && socket.writableNeedDrain) {
      // Ephemeral events (cursors, typing) are the first to go for a slow reader.
      if (event.ephemeral) {
        return;
      }
      if (socket.writableLength > this.limits.maxBacklogBytes) {
        return this.closeAsSlow();
      }
    }
    this.eventsSent++;
    // Ephemeral events carry the cursor unchanged; the others move their channel's position.
    if (!event.ephemeral) {
      this.advance(index, sharedFrames.segmentOf(event));
    }
    socket!.write(sharedFrames.bytes(event, event.ephemeral ? this.cursor : this.context(index), this.chunked));
  }

  reset(channels: ChannelName[]): void {
    this.writeControl('reset', controlEventJson('reset', { channels }));
  }

  /** A real event, not a comment: EventSource hides comments, and the client's watchdog needs to see it. */
  heartbeat(json: string, now: number): void {
    this.nextHeartbeatAt = now + this.limits.heartbeatMs;
    if (!this.queue && !this.socket?.writableNeedDrain) {
      this.writeControl('heartbeat', json);
    }
  }

  warnExpiry(): void {
    this.warnedExpiry = true;
    const data = controlEventJson('session.expiring', { expiresAt: new Date(this.expiresAt).toISOString() });
    this.writeControl('session.expiring', data);
  }

  bindSource(source: { drop(channel: string): void }): void {
    this.source = source;
  }

  /**
   * The user lost access to `channel`: its events stop at the source (no cost per event
   * for the others), the client is told, and the cursor forgets the channel. False when
   * the stream did not carry it (any more).
   */
  revokeChannel(channel: string, reason: AccessLossReason): boolean {
    const index = this.channelIndex(channel);
    if (this.ended || index < 0 || this.revokedChannels?.has(channel)) {
      return false;
    }
    (this.revokedChannels ??= new Set()).add(channel);
    this.source?.drop(channel);
    this.advance(index, '');
    this.writeControl('channel.revoked', controlEventJson('channel.revoked', { channel: this.channels[index], reason }));
    return true;
  }

  /** Ends the stream; the retry hint spreads reconnecting clients out (e.g. over other pods). */
  close(reason: ClosingReason, retryMs?: number): void {
    if (this.ended) {
      return;
    }
    // The rest of a catch-up is not worth the wait: the cursor says where the client resumes.
    if (this.queue) {
      this.queue = this.queue.filter((item, at) => at >= this.head && 'control' in item);
    }
    this.head = 0;
    this.writeControl('stream.closing', controlEventJson('stream.closing', { reason }), retryMs);
    this.end();
  }

  /** Ends the stream without a closing event: a finite stream whose work is done (a job's stream). */
  end(): void {
    if (this.ended) {
      return;
    }
    this.ended = true;
    this.endWhenFlushed = true;
    // Otherwise the pump ends the response once the queued frames are out.
    if (this.socket && !this.queue) {
      this.response.end();
    }
  }

  private closeAsSlow(): void {
    this.ended = true;
    this.queue = undefined;
    this.onSlowConsumer(this);
    // Dropping the socket (rather than ending) frees what is queued for it at once.
    this.response.destroy();
  }

  protected writeControl(type: string, json: string, retryMs?: number): void {
    if (this.ended) {
      return;
    }
    if (this.queue) {
      return void this.queue.push({ control: type, json, retryMs });
    }
    this.eventsSent++;
    this.socket?.write(wireText(frameText(type, this.cursor, json, retryMs), this.chunked));
  }

  /**
   * Writes queued frames a chunk at a time: the next chunk goes once the socket has drained
   * (the client's own pace), or on the next turn of the event loop if the kernel took it all,
   * so one long catch-up never holds up the other streams of the pod.
   */
  private pump(): void {
    const socket = this.socket;
    const queue = this.queue;
    if (!socket || !queue || socket.destroyed || this.gone) {
      return;
    }
    socket.cork();
    let bytes = 0;
    while (this.head < queue.length && bytes < CATCH_UP_CHUNK_BYTES) {
      const item = queue[this.head];
      // Frees what has left (queued events can be large) without shifting the array.
      (queue as Array<Queued | undefined>)[this.head++] = undefined;
      bytes += this.writeQueued(socket, item);
    }
    socket.uncork();
    if (this.head < queue.length) {
      this.pumpLater ??= () => this.pump();
      if (socket.writableNeedDrain) {
        socket.once('drain', this.pumpLater);
      } else {
        setImmediate(this.pumpLater);
      }
      return;
    }
    // Caught up: from here events go straight to the socket.
    this.queue = undefined;
    this.head = 0;
    this.queuedLiveBytes = -1;
    this.pumpLater = undefined;
    if (this.endWhenFlushed) {
      this.response.end();
    }
  }

  private writeQueued(socket: Socket, item: Queued): number {
    let frame: string;
    if ('control' in item) {
      frame = frameText(item.control, this.cursor, item.json, item.retryMs);
    } else {
      // The catch-up is the front of the queue; what follows it was counted on arrival.
      if (this.queuedLiveBytes >= 0 && this.head > this.catchUpLength) {
        this.queuedLiveBytes -= item.json.length;
      }
      // Queued before its channel was revoked: it must neither reach the client nor bring the channel back into the cursor.
      if (this.revokedChannels?.has(item.channel)) {
        return 0;
      }
      if (!item.ephemeral) {
        this.advance(this.channelIndex(item.channel), formatCursorSegment(item.channel, item));
      }
      frame = frameText(item.type, this.cursor, item.json);
    }
    this.eventsSent++;
    const wire = wireText(frame, this.chunked);
    socket.write(wire);
    return wire.length;
  }
}
