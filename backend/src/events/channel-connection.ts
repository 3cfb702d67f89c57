import { randomUUID } from 'node:crypto';
import type { ChannelName } from '../../../contracts/channels';
import type { ChannelPosition } from '../../../contracts/cursor';
import { formatCursorSegment } from '../../../contracts/cursor';
import type { AccessLossReason, EventMap } from '../../../contracts/events';
import type { AuthUser } from '../auth/auth-user';
import { CONTEXT_HOLE } from './sse-frames';
import type { StreamInfo } from './stream-hooks';

export type ClosingReason = EventMap['stream.closing']['reason'];

/** What carries a connection's events: a Server-Sent Events stream, or one held long poll. */
export type Transport = 'sse' | 'poll';

/**
 * What ConnectionsService needs of every open connection, whatever carries it: the
 * revocations, token expiry, shutdown and presence hooks reach a held poll as they reach a stream.
 */
export interface OpenConnection extends StreamInfo {
  readonly transport: Transport;
  /** What revocations are matched against: the session the connection's token belongs to. */
  readonly tokenId: string | undefined;
  readonly sessionId: string | undefined;
  readonly sessionStartedAt: number | undefined;
  readonly expiresAt: number;
  /** When to send session.expiring. */
  readonly warnAt: number;
  nextHeartbeatAt: number;
  warnedExpiry: boolean;
  readonly eventsSent: number;
  /** The client is told why with a last `stream.closing`; the retry hint spreads reconnects out. */
  close(reason: ClosingReason, retryMs?: number): void;
  /** Takes a channel off the connection, telling the client; false when it did not carry it (any more). */
  revokeChannel(channel: string, reason: AccessLossReason): boolean;
  heartbeat(json: string, now: number): void;
  warnExpiry(): void;
  /** Settles once the HTTP response is gone: everything written was flushed or dropped. */
  whenGone(): Promise<void>;
}

/**
 * Who a connection belongs to and the resume cursor of all its channels. The cursor is the
 * same text on every transport (`<channel>@<epoch>:<id>` per channel, contracts/cursor.ts),
 * so a client can move between the stream and the poll without losing its place.
 */
export abstract class ChannelConnection {
  readonly connectionId = randomUUID();
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly tokenId: string | undefined;
  readonly sessionId: string | undefined;
  readonly sessionStartedAt: number | undefined;
  readonly expiresAt: number;
  /** A minute before expiry, less for short-lived tokens. */
  readonly warnAt: number;
  /** Channels the user lost access to while the connection was open (rare: undefined until then). */
  revokedChannels: Set<string> | undefined;
  /** Cursor segment per channel, in the connection's channel order ('' before the first). */
  private readonly segments: string[];
  /**
   * Per channel: the cursor with a hole where that channel's segment goes. Streams whose
   * contexts read the same share one encoded frame per event (see SharedFrames).
   */
  private readonly contexts: Array<string | undefined>;
  private cursorText: string | undefined;

  constructor(
    user: AuthUser,
    readonly channels: readonly ChannelName[],
  ) {
    this.userId = user.id;
    this.username = user.username;
    this.displayName = user.displayName;
    this.tokenId = user.tokenId;
    this.sessionId = user.sessionId;
    this.sessionStartedAt = user.sessionStartedAt;
    this.expiresAt = user.tokenExpiresAt * 1000;
    const lifetime = this.expiresAt - Date.now();
    this.warnAt = this.expiresAt - Math.min(60_000, Math.max(1000, lifetime / 5));
    this.segments = channels.map(() => '');
    this.contexts = channels.map(() => undefined);
  }

  get cursor(): string {
    this.cursorText ??= this.segments.filter((segment) => segment !== '').join(',');
    return this.cursorText;
  }

  setPosition(channel: string, position: ChannelPosition): void {
    const index = this.channelIndex(channel);
    if (index >= 0) {
      this.advance(index, formatCursorSegment(channel, position));
    }
  }

  /** Where a channel named by an event or a listener sits in this connection's own (checked) list. */
  protected channelIndex(channel: string): number {
    const names: readonly string[] = this.channels;
    return names.indexOf(channel);
  }

  /** Moves one channel's segment; '' takes the channel out of the cursor. */
  protected advance(index: number, segment: string): void {
    if (this.segments[index] === segment) {
      return;
    }
    this.segments[index] = segment;
    this.cursorText = undefined;
    for (let other = 0; other < this.contexts.length; other++) {
      if (other !== index) {
        this.contexts[other] = undefined;
      }
    }
  }

  protected context(index: number): string {
    let context = this.contexts[index];
    if (context === undefined) {
      const parts = this.segments.map((segment, at) => (at === index ? CONTEXT_HOLE : segment)).filter((segment) => segment !== '');
      context = this.contexts[index] = parts.join(',');
    }
    return context;
  }
}
