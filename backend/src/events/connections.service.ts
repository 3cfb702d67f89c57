import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { AccessLossReason } from '../../../contracts/events';
import type { AuthUser } from '../auth/auth-user';
import { RateLimitedError, UnavailableError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { MetricsService } from '../metrics/metrics.service';
import { ConnectAdmission } from './connect-admission';
import { controlEventJson } from './control-event';
import { EventBus } from './event-bus';
import type { OpenConnection, Transport } from './channel-connection';
import type { StreamHooks, StreamInfo } from './stream-hooks';

const SWEEP_MS = 1000;
/** Reconnect spread after a shutdown, so clients do not all land on the next pod at once. */
const SHUTDOWN_RETRY_MIN_MS = 250;
const SHUTDOWN_RETRY_SPREAD_MS = 4750;
/** How long shutdown waits for closing streams to flush before the server drops the sockets. */
const DRAIN_FLUSH_TIMEOUT_MS = 3000;
/** How long revocations are remembered for streams that were being opened as they arrived. */
const RECENT_REVOCATIONS_MS = 30_000;

/** A place for one stream, held from admission until the stream ends. */
export interface Admission {
  release(): void;
}

/**
 * Every open stream of this pod, SSE or held long poll: admission (capacity per pod and per user),
 * heartbeats, token expiry, draining on shutdown, and the hooks other modules
 * use to learn about streams opening and closing.
 */
@Injectable()
export class ConnectionsService implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Streams');
  private readonly open = new Set<OpenConnection>();
  /** Open streams by user: revocations reach a user's streams without scanning the pod. */
  private readonly byUser = new Map<string, Set<OpenConnection>>();
  /** Revocations applied lately, so a stream that was being opened meanwhile gets them too. */
  private readonly recentRevocations: Array<{ seq: number; at: number; apply: (connection: OpenConnection) => void }> = [];
  private revocationSeq = 0;
  private readonly perUser = new Map<string, number>();
  /** Open connections by what carries them: admins and metrics tell streams from held polls. */
  private readonly byTransport: Record<Transport, number> = { sse: 0, poll: 0 };
  private readonly closedEventsSent: Record<Transport, number> = { sse: 0, poll: 0 };
  private readonly hooks: StreamHooks[] = [];
  private admitted = 0;
  private sweeper?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private readonly connectAdmission: ConnectAdmission;

  constructor(
    private readonly config: AppConfig,
    private readonly lifecycle: LifecycleService,
    private readonly metrics: MetricsService,
    private readonly bus: EventBus,
  ) {
    this.connectAdmission = new ConnectAdmission({ ratePerSecond: config.sseConnectRate, burst: config.sseConnectBurst });
  }

  onModuleInit(): void {
    this.metrics.attachStreamStats({
      openConnections: () => this.byTransport.sse,
      openPolls: () => this.byTransport.poll,
      activeChannels: () => this.bus.activeChannels,
      eventsSent: () => this.eventsSent('sse'),
      pollEventsSent: () => this.eventsSent('poll'),
    });
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
    this.lifecycle.draining$.subscribe({ complete: () => void this.drain() });
  }

  /** Runs before the HTTP server closes: the closing events must reach clients first. */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.lifecycle.beginDrain(signal ?? 'shutdown');
    await this.drain();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /** SSE streams open on this pod (held polls are counted apart: `openByTransport`). */
  get openCount(): number {
    return this.byTransport.sse;
  }

  get openByTransport(): Readonly<Record<Transport, number>> {
    return { ...this.byTransport };
  }

  eventsSent(transport: Transport): number {
    let sent = this.closedEventsSent[transport];
    for (const connection of this.open) {
      if (connection.transport === transport) {
        sent += connection.eventsSent;
      }
    }
    return sent;
  }

  addHooks(hooks: StreamHooks): void {
    this.hooks.push(hooks);
  }

  /**
   * Early in opening a new SSE stream, before its session and channels are looked up: 503 while
   * draining, and 503 with a spread Retry-After when streams open faster than SSE_CONNECT_RATE.
   * Long polls take no token:
   * they come back after every answer and have their own per-user budget.
   */
  takeConnectToken(): void {
    if (this.lifecycle.draining) {
      throw this.refuse(new UnavailableError('This server is shutting down, reconnect to another one', 1), 503);
    }
    const retryAfterSeconds = this.connectAdmission.take();
    if (retryAfterSeconds !== undefined) {
      throw this.refuse(
        new UnavailableError('This server is opening as many streams as it can, try again shortly', retryAfterSeconds),
        503,
        'connect_rate',
      );
    }
  }

  /** For a stream request that found more waiting to be opened than the pod queues: 503, back in 1–5 s. */
  connectQueueFull(): UnavailableError {
    return this.refuse(
      new UnavailableError('This server is opening as many streams as it can, try again shortly', 1 + Math.floor(Math.random() * 5)),
      503,
      'connect_queue',
    );
  }

  /** 503 while draining or full, 429 past the per-user cap; otherwise a held place. */
  admit(user: AuthUser): Admission {
    if (this.lifecycle.draining) {
      throw this.refuse(new UnavailableError('This server is shutting down, reconnect to another one', 1), 503);
    }
    if (this.admitted >= this.config.sseMaxConnections) {
      throw this.refuse(new UnavailableError('This server holds as many streams as it can, try again shortly', 5), 503);
    }
    const mine = this.perUser.get(user.id) ?? 0;
    if (mine >= this.config.sseMaxConnectionsPerUser) {
      throw this.refuse(
        new RateLimitedError(
          `At most ${this.config.sseMaxConnectionsPerUser} open streams per user: close another tab first`,
          10,
          'too_many_streams',
        ),
        429,
      );
    }
    this.admitted++;
    const userId = user.id;
    this.perUser.set(userId, mine + 1);
    let released = false;
    return {
      release: () => {
        if (released) {
          return;
        }
        released = true;
        this.admitted--;
        const left = (this.perUser.get(userId) ?? 1) - 1;
        if (left > 0) {
          this.perUser.set(userId, left);
        } else {
          this.perUser.delete(userId);
        }
      },
    };
  }

  /** Taken before a stream is authorised: revocations that arrive later are applied to it as it opens. */
  get revocationMark(): number {
    return this.revocationSeq;
  }

  opened(connection: OpenConnection, revocationMark = this.revocationSeq): void {
    this.open.add(connection);
    this.byTransport[connection.transport]++;
    const mine = this.byUser.get(connection.userId);
    if (mine) {
      mine.add(connection);
    } else {
      this.byUser.set(connection.userId, new Set([connection]));
    }
    if (connection.transport === 'sse') {
      this.metrics.connectionsOpened.inc();
    } else {
      this.metrics.pollsOpened.inc();
    }
    this.notify('onStreamOpened', connection);
    // Authorised before a revocation, opened after it: it must not slip through.
    for (const revocation of this.recentRevocations) {
      if (revocation.seq > revocationMark) {
        revocation.apply(connection);
      }
    }
    // Admitted just before the drain began, opened after it closed the others: nothing may hold shutdown up.
    if (this.draining) {
      connection.close('shutdown', shutdownRetryMs());
    }
  }

  closed(connection: OpenConnection): void {
    if (!this.open.delete(connection)) {
      return;
    }
    this.byTransport[connection.transport]--;
    const mine = this.byUser.get(connection.userId);
    mine?.delete(connection);
    if (mine?.size === 0) {
      this.byUser.delete(connection.userId);
    }
    this.closedEventsSent[connection.transport] += connection.eventsSent;
    this.notify('onStreamClosed', connection);
  }

  /** Ends the user's streams whose session was revoked, with a last `stream.closing {reason: 'session_revoked'}`. */
  endSessions(userId: string, revoked: (stream: OpenConnection) => boolean): void {
    const end = (connection: OpenConnection): void => {
      if (connection.userId === userId && revoked(connection)) {
        connection.close('session_revoked');
      }
    };
    this.remember(end);
    for (const connection of [...(this.byUser.get(userId) ?? [])]) {
      end(connection);
    }
  }

  /** Takes `channel` off every open stream of these users: its events stop at once, each stream is told why. */
  revokeChannel(channel: string, userIds: readonly string[], reason: AccessLossReason): void {
    const users = new Set(userIds);
    const drop = (connection: OpenConnection): void => {
      if (users.has(connection.userId) && connection.revokeChannel(channel, reason)) {
        this.notify('onChannelRevoked', connection, channel);
      }
    };
    this.remember(drop);
    for (const userId of users) {
      for (const connection of [...(this.byUser.get(userId) ?? [])]) {
        drop(connection);
      }
    }
  }

  private remember(apply: (connection: OpenConnection) => void): void {
    const now = Date.now();
    this.recentRevocations.push({ seq: ++this.revocationSeq, at: now, apply });
    while (this.recentRevocations[0].at < now - RECENT_REVOCATIONS_MS) {
      this.recentRevocations.shift();
    }
  }

  private notify(hook: keyof StreamHooks, stream: StreamInfo, channel = ''): void {
    for (const hooks of this.hooks) {
      try {
        void Promise.resolve(hooks[hook]?.(stream, channel)).catch((error: unknown) =>
          this.logger.warn(`${hook} failed: ${String(error)}`),
        );
      } catch (error) {
        this.logger.warn(`${hook} failed: ${String(error)}`);
      }
    }
  }

  private sweep(): void {
    const now = Date.now();
    const heartbeat = controlEventJson('heartbeat', {}, new Date(now));
    for (const connection of this.open) {
      if (now >= connection.expiresAt) {
        connection.close('session_expired');
        continue;
      }
      if (!connection.warnedExpiry && now >= connection.warnAt) {
        connection.warnExpiry();
      }
      if (now >= connection.nextHeartbeatAt) {
        connection.heartbeat(heartbeat, now);
      }
    }
  }

  private drain(): Promise<void> {
    this.draining ??= this.closeAll();
    return this.draining;
  }

  private async closeAll(): Promise<void> {
    const closing = [...this.open];
    for (const connection of closing) {
      connection.close('shutdown', shutdownRetryMs());
    }
    if (closing.length === 0) {
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const flushed = await Promise.race([
      Promise.all(closing.map((connection) => connection.whenGone())).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), DRAIN_FLUSH_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    this.logger.log(`Closed ${closing.length} stream(s) for shutdown${flushed ? '' : ' (some did not flush in time)'}`);
  }

  /** `reason` only where a status has several causes worth telling apart; older series keep their labels. */
  private refuse<E extends Error>(error: E, status: number, reason?: 'connect_rate' | 'connect_queue'): E {
    this.metrics.refused.inc(reason ? { status: String(status), reason } : { status: String(status) });
    return error;
  }
}

function shutdownRetryMs(): number {
  return SHUTDOWN_RETRY_MIN_MS + Math.floor(Math.random() * SHUTDOWN_RETRY_SPREAD_MS);
}
