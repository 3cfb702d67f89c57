import { Injectable, MessageEvent } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { EMPTY, Observable } from 'rxjs';
import { userChannel } from '../../../contracts/channels';
import { parseCursor } from '../../../contracts/cursor';
import type { AuthUser } from '../auth/auth-user';
import { InvalidInputError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { ChannelRegistry } from './channel-registry';
import { Admission, ConnectionsService } from './connections.service';
import { EventBus, OpenedStream } from './event-bus';
import { ConnectionLimits, SseConnection } from './sse-connection';
import { dropRequestState, handOverAfterHeaders } from './sse-handover';

/** Reconnection delay suggested to clients with the first event. */
const CLIENT_RETRY_MS = 2000;
const MAX_BACKLOG_BYTES = 512 * 1024;
/**
 * Live events that may wait behind a catch-up (counted by payload). The catch-up itself
 * leaves at the client's pace and is never held against it; this bounds what a client
 * that stopped reading mid-catch-up costs, at 50 writes/s of 4 KB about 10 s of traffic.
 */
const MAX_QUEUED_LIVE_BYTES = 2 * 1024 * 1024;
const MAX_CURSOR_LENGTH = 8192;

/** Opens one stream: admission, authorisation, resume, then live delivery. */
@Injectable()
export class StreamService {
  constructor(
    private readonly config: AppConfig,
    private readonly bus: EventBus,
    private readonly registry: ChannelRegistry,
    private readonly connections: ConnectionsService,
    private readonly metrics: MetricsService,
  ) {}

  /** Everything that can fail does so here, before the first byte: the answer can still be 4xx/503. */
  async open(
    user: AuthUser,
    requested: readonly string[],
    lastEventId: unknown,
    response: ServerResponse,
    signal: AbortSignal,
  ): Promise<Observable<MessageEvent>> {
    if (requested.some((channel) => typeof channel !== 'string')) {
      throw new InvalidInputError('channel must be a string');
    }
    // A repeated ?lastEventId= arrives as an array: one stream has one cursor.
    if (lastEventId !== undefined && typeof lastEventId !== 'string') {
      throw new InvalidInputError('lastEventId must be given once, as text');
    }
    if (lastEventId !== undefined && lastEventId.length > MAX_CURSOR_LENGTH) {
      throw new InvalidInputError('lastEventId is too long');
    }
    const revocationMark = this.connections.revocationMark;
    const channels = await this.registry.authorize(user, [...new Set([userChannel(user.id), ...requested])]);
    const admission = this.connections.admit(user);
    let opened;
    try {
      const cursor = parseCursor(lastEventId);
      // A cursor we cannot read resets every channel: the client refetches instead of looping on errors.
      const invalidCursor = lastEventId !== undefined && lastEventId !== '' && cursor === undefined;
      opened = await this.bus.open(channels, invalidCursor ? new Map(channels.map((c) => [c, { epoch: 'invalid', id: '0-0' }])) : cursor);
      if (lastEventId) {
        this.metrics.resumes.inc({ outcome: opened.resetChannels.length > 0 ? 'reset' : 'replayed' });
      }
    } catch (error) {
      admission.release();
      throw error;
    }
    const connection = new SseConnection(user, channels, response, this.connectionLimits, this.onSlowConsumer);
    return this.serve(connection, opened, admission, response, signal, CLIENT_RETRY_MS, revocationMark);
  }

  /** What every stream of this pod is built with. */
  get connectionLimits(): ConnectionLimits {
    return { maxBacklogBytes: MAX_BACKLOG_BYTES, maxQueuedLiveBytes: MAX_QUEUED_LIVE_BYTES, heartbeatMs: this.config.sseHeartbeatMs };
  }

  readonly onSlowConsumer = (): void => this.metrics.slowConsumerDisconnects.inc();

  /**
   * Runs an admitted connection (any kind: /api/events, a job's stream) until it ends: Nest
   * sends the headers, then the connection owns the socket. From here the connection counts
   * as open for heartbeats, token expiry and shutdown; its place is given back when it ends.
   * `revocationMark` is taken before the caller authorised the stream: revocations after it
   * are applied as the connection opens.
   */
  serve(
    connection: SseConnection,
    stream: OpenedStream,
    admission: Admission,
    response: ServerResponse,
    signal: AbortSignal,
    retryMs: number,
    revocationMark: number,
  ): Observable<MessageEvent> {
    let released = false;
    const release = (): void => {
      if (released) {
        return;
      }
      released = true;
      connection.markGone();
      stream.close();
      admission.release();
      this.connections.closed(connection);
    };
    // The client may leave before Nest subscribes: the signal is then the only teardown.
    if (signal.aborted) {
      release();
      return EMPTY;
    }
    signal.addEventListener('abort', release, { once: true });
    // Closures made here live as long as the stream; once Nest lets go, they must not keep
    // its aborted signal, whose reason's stack trace holds Nest's whole request lifecycle.
    let nestSignal: AbortSignal | undefined = signal;

    return handOverAfterHeaders(response, {
      // Nest has subscribed; no byte is out yet, so events arriving from now on queue in order.
      begin: () => {
        for (const [channel, position] of stream.positions) {
          connection.setPosition(channel, position);
        }
        connection.ready(retryMs);
        if (stream.resetChannels.length > 0) {
          connection.reset([...stream.resetChannels]);
        }
        connection.bindSource(stream);
        this.connections.opened(connection, revocationMark);
        stream.start(connection);
        // What start() handed over is the catch-up; live events behind it count against the stream.
        connection.catchUpQueued();
      },
      take: () => {
        // Nest aborts its signal as it lets go: from here the response's close is the end.
        nestSignal?.removeEventListener('abort', release);
        dropRequestState(response, nestSignal);
        nestSignal = undefined;
        response.once('close', release);
        if (connection.takeOver()) {
          return true;
        }
        release();
        return false;
      },
      abandon: release,
    });
  }
}
