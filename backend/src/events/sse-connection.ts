import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ChannelPosition } from '../../../contracts/cursor';
import { formatCursorSegment } from '../../../contracts/cursor';
import type { AccessLossReason } from '../../../contracts/events';
import type { AuthUser } from '../auth/auth-user';
import type { BusEvent } from './bus-event';
import { controlEventJson } from './control-event';
import type { StreamSink } from './event-bus';
import { CONTEXT_HOLE, frameText, sharedFrames, wireText } from './sse-frames';
import type { StreamInfo } from './stream-hooks';

export interface ConnectionLimits {
  /** Bytes allowed to pile up for a client that is not reading. */
  maxBacklogBytes: number;
  heartbeatMs: number;
}

/**
 * One SSE stream. Keeps the resume cursor of all its channels and writes each
 * event with it as the SSE id, so a plain EventSource resumes every channel.
 *
 * Nest's @Sse() route sends the headers; then the stream service hands the socket
 * over (`takeOver`) and frames are written to it directly. Until then frames wait
 * here in order. Deliberately small: one exists per open stream.
 */
export class SseConnection implements StreamSink, StreamInfo {
  readonly connectionId = randomUUID();
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  /** What revocations are matched against: the session the stream's token belongs to. */
  readonly sessionId: string | undefined;
  readonly sessionStartedAt: number | undefined;
  readonly expiresAt: number;
  /** When to send session.expiring: a minute before expiry, less for short-lived tokens. */
  readonly warnAt: number;
  nextHeartbeatAt: number;
  warnedExpiry = false;
  eventsSent = 0;
  /** Channels the user lost access to while the stream was open (rare: undefined until then). */
  revokedChannels: Set<string> | undefined;
  /** Where the stream's events come from, so a revoked channel can stop at the source. */
  private source: { drop(channel: string): void } | undefined;
  /** Cursor segment per channel, in the stream's channel order ('' before the first). */
  private readonly segments: string[];
  /**
   * Per channel: the cursor with a hole where that channel's segment goes. Streams whose
   * contexts read the same share one encoded frame per event (see SharedFrames).
   */
  private readonly contexts: Array<string | undefined>;
  private cursorText: string | undefined;
  private socket: Socket | undefined;
  private chunked = true;
  private pending: string[] | undefined = [];
  private ended = false;
  private gone = false;

  constructor(
    user: AuthUser,
    readonly channels: readonly string[],
    private readonly response: ServerResponse,
    private readonly limits: ConnectionLimits,
    private readonly onSlowConsumer: (connection: SseConnection) => void,
  ) {
    this.userId = user.id;
    this.username = user.username;
    this.displayName = user.displayName;
    this.sessionId = user.sessionId;
    this.sessionStartedAt = user.sessionStartedAt;
    this.expiresAt = user.tokenExpiresAt * 1000;
    const lifetime = this.expiresAt - Date.now();
    this.warnAt = this.expiresAt - Math.min(60_000, Math.max(1000, lifetime / 5));
    this.nextHeartbeatAt = Date.now() + limits.heartbeatMs;
    this.segments = channels.map(() => '');
    this.contexts = channels.map(() => undefined);
  }

  get cursor(): string {
    this.cursorText ??= this.segments.filter((segment) => segment !== '').join(',');
    return this.cursorText;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Settles once the HTTP response is gone: everything written was flushed or dropped. */
  whenGone(): Promise<void> {
    if (this.gone) return Promise.resolve();
    return new Promise((resolve) => this.response.once('close', resolve));
  }

  /** Called when the response closed, whatever the reason. */
  markGone(): void {
    this.gone = true;
    this.ended = true;
  }

  setPosition(channel: string, position: ChannelPosition): void {
    const index = this.channels.indexOf(channel);
    if (index >= 0) this.advance(index, formatCursorSegment(channel, position));
  }

  /** First event: the starting cursor and the client's reconnection delay. */
  ready(retryMs: number): void {
    const data = controlEventJson('stream.ready', { connectionId: this.connectionId, channels: [...this.channels], heartbeatMs: this.limits.heartbeatMs });
    this.writeControl(frameText('stream.ready', this.cursor, data, retryMs));
  }

  /**
   * Nest has sent the headers: from now on frames go straight to the socket. Nest's own
   * pipeline spends an Observable chain, a promise and a stream transform per event per
   * client, and keeps its request lifecycle alive for as long as the stream is open.
   */
  takeOver(): boolean {
    const socket = this.response.socket;
    if (!socket || socket.destroyed || this.response.writableEnded) return false;
    this.socket = socket;
    this.chunked = this.response.chunkedEncoding;
    // Queued frames (the first event, a replay) leave in one write.
    socket.cork();
    for (const frame of this.pending ?? []) socket.write(wireText(frame, this.chunked));
    socket.uncork();
    this.pending = undefined;
    if (this.ended) this.response.end();
    return true;
  }

  event(event: BusEvent): void {
    if (this.ended) return;
    const index = this.channels.indexOf(event.channel);
    if (index < 0) return;
    const socket = this.socket;
    if (socket && socket.writableNeedDrain) {
      // Ephemeral events (cursors, typing) are the first to go for a slow reader.
      if (event.ephemeral) return;
      if (socket.writableLength > this.limits.maxBacklogBytes) return this.closeAsSlow();
    }
    this.eventsSent++;
    // Ephemeral events carry the cursor unchanged; the others move their channel's position.
    if (!event.ephemeral) this.advance(index, sharedFrames.segmentOf(event));
    if (!socket) return void this.pending?.push(frameText(event.type, this.cursor, event.json));
    socket.write(sharedFrames.bytes(event, event.ephemeral ? this.cursor : this.context(index), this.chunked));
  }

  reset(channels: string[]): void {
    this.writeControl(frameText('reset', this.cursor, controlEventJson('reset', { channels })));
  }

  /** A real event, not a comment: EventSource hides comments, and the client's watchdog needs to see it. */
  heartbeat(json: string, now: number): void {
    this.nextHeartbeatAt = now + this.limits.heartbeatMs;
    if (!this.socket?.writableNeedDrain) this.writeControl(frameText('heartbeat', this.cursor, json));
  }

  warnExpiry(): void {
    this.warnedExpiry = true;
    const data = controlEventJson('session.expiring', { expiresAt: new Date(this.expiresAt).toISOString() });
    this.writeControl(frameText('session.expiring', this.cursor, data));
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
    const index = this.channels.indexOf(channel);
    if (this.ended || index < 0 || this.revokedChannels?.has(channel)) return false;
    (this.revokedChannels ??= new Set()).add(channel);
    this.source?.drop(channel);
    this.advance(index, '');
    this.writeControl(frameText('channel.revoked', this.cursor, controlEventJson('channel.revoked', { channel, reason })));
    return true;
  }

  /** Ends the stream; the retry hint spreads reconnecting clients out (e.g. over other pods). */
  close(reason: 'shutdown' | 'session_expired' | 'session_revoked', retryMs?: number): void {
    if (this.ended) return;
    this.writeControl(frameText('stream.closing', this.cursor, controlEventJson('stream.closing', { reason }), retryMs));
    this.ended = true;
    // Before the hand-over, takeOver() ends the response once the queued frames are out.
    if (this.socket) this.response.end();
  }

  /** Ends the stream without a closing event: a finite stream whose work is done (a job's stream). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.socket) this.response.end();
  }

  private advance(index: number, segment: string): void {
    if (this.segments[index] === segment) return;
    this.segments[index] = segment;
    this.cursorText = undefined;
    for (let other = 0; other < this.contexts.length; other++) if (other !== index) this.contexts[other] = undefined;
  }

  private context(index: number): string {
    let context = this.contexts[index];
    if (context === undefined) {
      const parts = this.segments.map((segment, at) => (at === index ? CONTEXT_HOLE : segment)).filter((segment) => segment !== '');
      context = this.contexts[index] = parts.join(',');
    }
    return context;
  }

  private closeAsSlow(): void {
    this.ended = true;
    this.onSlowConsumer(this);
    // Dropping the socket (rather than ending) frees what is queued for it at once.
    this.response.destroy();
  }

  protected writeControl(frame: string): void {
    if (this.ended) return;
    this.eventsSent++;
    if (this.socket) this.socket.write(wireText(frame, this.chunked));
    else this.pending?.push(frame);
  }
}
