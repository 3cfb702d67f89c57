import type { ChannelName } from '../../../contracts/channels';
import type { AccessLossReason } from '../../../contracts/events';
import type { AuthUser } from '../auth/auth-user';
import type { BusEvent } from './bus-event';
import { ChannelConnection, type ClosingReason, type OpenConnection } from './channel-connection';
import { controlEventJson } from './control-event';
import type { OpenedStream, StreamSink } from './event-bus';

export interface PollLimits {
  /** Most events in one answer; the cursor stops right after the last one answered. */
  maxEvents: number;
  /** After the first event of a held poll, how long to gather more before answering. */
  gatherMs: number;
}

/** One envelope of the answer; control events have no channel. */
interface Answered {
  readonly channel: string;
  readonly json: string;
}

/**
 * One long poll (GET /api/events/poll): a connection like a stream's, counted, revoked,
 * expired and drained the same way, that answers once. Events waiting when it opens (the
 * catch-up) are answered at once; otherwise it holds until the first event, gathers a little
 * longer, or gives up after `waitMs` with nothing. The cursor moves past exactly what is
 * answered, so what did not fit comes with the next poll.
 */
export class PollConnection extends ChannelConnection implements StreamSink, OpenConnection {
  readonly transport = 'poll';
  /** A poll answers long before a heartbeat would be due. */
  nextHeartbeatAt = Number.POSITIVE_INFINITY;
  warnedExpiry = false;
  eventsSent = 0;
  /** Settles with the JSON body of the answer (PollResponse), or '' when the client left first. */
  readonly answer: Promise<string>;
  private resolveAnswer!: (body: string) => void;
  private readonly answered: Answered[] = [];
  private resetChannels: string[] | undefined;
  private retryMs: number | undefined;
  private source: OpenedStream | undefined;
  /** Opening until the catch-up was handed over; then holding; done once answered or abandoned. */
  private state: 'opening' | 'holding' | 'done' = 'opening';
  private timer: NodeJS.Timeout | undefined;
  private gathering = false;
  private gone = false;
  private readonly goneWaiters: Array<() => void> = [];

  constructor(
    user: AuthUser,
    channels: readonly ChannelName[],
    private readonly waitMs: number,
    private readonly limits: PollLimits,
  ) {
    super(user, channels);
    this.answer = new Promise((resolve) => (this.resolveAnswer = resolve));
  }

  get isAnswered(): boolean {
    return this.state === 'done';
  }

  bindSource(source: OpenedStream): void {
    this.source = source;
  }

  /** The catch-up was handed over: answer now if anything is waiting, else hold. */
  started(): void {
    if (this.state !== 'opening') {
      return;
    }
    this.state = 'holding';
    if (this.answered.length > 0 || this.resetChannels !== undefined || this.waitMs === 0) {
      return this.finish();
    }
    this.timer = setTimeout(() => this.finish(), this.waitMs);
  }

  event(event: BusEvent): void {
    if (this.state === 'done') {
      return;
    }
    const index = this.channelIndex(event.channel);
    if (index < 0) {
      return;
    }
    // Ephemeral events keep the cursor where it is; the others move their channel's position.
    if (!event.ephemeral) {
      this.setPosition(event.channel, event);
    }
    this.add(event);
  }

  /** Answered at once, as the stream's `reset`: the cursor stands at those channels' heads. */
  reset(channels: ChannelName[]): void {
    if (this.state === 'done') {
      return;
    }
    for (const channel of channels) {
      const position = this.source?.positions.get(channel);
      if (position) {
        this.setPosition(channel, position);
      }
    }
    this.resetChannels = [...new Set([...(this.resetChannels ?? []), ...channels])];
    // A new epoch comes with its first event right behind the reset: let it join the answer.
    if (this.state === 'holding') {
      queueMicrotask(() => this.finish());
    }
  }

  heartbeat(): void {}

  /** Rides along with the answer without hastening it: the next poll would only be told again. */
  warnExpiry(): void {
    this.warnedExpiry = true;
    this.addControl(controlEventJson('session.expiring', { expiresAt: new Date(this.expiresAt).toISOString() }));
  }

  revokeChannel(channel: string, reason: AccessLossReason): boolean {
    const index = this.channelIndex(channel);
    if (this.state === 'done' || index < 0 || this.revokedChannels?.has(channel)) {
      return false;
    }
    (this.revokedChannels ??= new Set()).add(channel);
    this.source?.drop(channel);
    // Gathered before the revocation: it must neither reach the client nor stay in the cursor.
    for (let at = this.answered.length - 1; at >= 0; at--) {
      if (this.answered[at].channel === channel) {
        this.answered.splice(at, 1);
      }
    }
    this.resetChannels = this.resetChannels?.filter((name) => name !== channel);
    this.advance(index, '');
    this.answered.push({ channel: '', json: controlEventJson('channel.revoked', { channel: this.channels[index], reason }) });
    this.finish();
    return true;
  }

  close(reason: ClosingReason, retryMs?: number): void {
    if (this.state === 'done') {
      return;
    }
    this.retryMs = retryMs;
    this.answered.push({ channel: '', json: controlEventJson('stream.closing', { reason }) });
    this.finish();
  }

  /** The response is over, answered or not: a client that left gets nothing more. */
  markGone(): void {
    this.gone = true;
    if (this.state !== 'done') {
      this.state = 'done';
      clearTimeout(this.timer);
      this.resolveAnswer('');
    }
    for (const resolve of this.goneWaiters.splice(0)) {
      resolve();
    }
  }

  whenGone(): Promise<void> {
    return this.gone ? Promise.resolve() : new Promise((resolve) => this.goneWaiters.push(resolve));
  }

  private add(item: Answered): void {
    this.answered.push(item);
    if (this.answered.length >= this.limits.maxEvents) {
      return this.finish();
    }
    if (this.state === 'holding' && !this.gathering) {
      this.gathering = true;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.finish(), this.limits.gatherMs);
    }
  }

  private addControl(json: string): void {
    if (this.state !== 'done') {
      this.answered.push({ channel: '', json });
    }
  }

  private finish(): void {
    if (this.state === 'done') {
      return;
    }
    this.state = 'done';
    clearTimeout(this.timer);
    this.eventsSent = this.answered.length;
    let body = `{"events":[${this.answered.map((item) => item.json).join(',')}],"cursor":${JSON.stringify(this.cursor)}`;
    if (this.resetChannels !== undefined && this.resetChannels.length > 0) {
      body += `,"reset":${JSON.stringify({ channels: this.resetChannels })}`;
    }
    if (this.retryMs !== undefined) {
      body += `,"retryMs":${this.retryMs}`;
    }
    this.answered.length = 0;
    this.resolveAnswer(`${body}}`);
  }
}
