import { Injectable, MessageEvent } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { Observable } from 'rxjs';
import { type ChannelName, userChannel } from '../../../contracts/channels';
import { parseCursor } from '../../../contracts/cursor';
import type { AuthUser } from '../auth/auth-user';
import { InvalidInputError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { ChannelRegistry } from './channel-registry';
import { ConnectionsService } from './connections.service';
import { EventBus, OpenedStream } from './event-bus';
import { ConnectionLimits, SseConnection } from './sse-connection';
import { serveAfterNestHeaders } from './sse-socket-adapter';

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

/**
 * One kind of stream (/api/events, a job's stream, …): what it checks, where its events come
 * from and which connection carries them. StreamService.serveStream() does the rest the same
 * way for every kind: admission, the revocation mark, clean-up on failure, the hand-over from
 * Nest and the bookkeeping while the stream is open.
 */
export interface StreamKind {
  /** Reconnection delay suggested to the client with the first event. */
  readonly retryMs: number;
  /** Before a place is taken: may the user have this stream? Throws a domain error (403/404…). */
  authorize(): Promise<void>;
  /** With a place held: subscribe at the bus (catch-up included). */
  subscribe(): Promise<OpenedStream>;
  /** The connection that carries the stream; if this throws, the subscription is closed. */
  connect(stream: OpenedStream): SseConnection | Promise<SseConnection>;
}

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

  /** `GET /api/events`. Everything that can fail does so here, before the first byte: the answer can still be 4xx/503. */
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
    // Known once authorised: the registry hands back the names it checked.
    let channels: ChannelName[] = [];
    return this.serveStream(
      user,
      {
        retryMs: CLIENT_RETRY_MS,
        authorize: async () => {
          channels = await this.registry.authorize(user, [...new Set([userChannel(user.id), ...requested])]);
        },
        subscribe: async () => {
          const cursor = parseCursor(lastEventId);
          // A cursor we cannot read resets every channel: the client refetches instead of looping on errors.
          const invalidCursor = lastEventId !== undefined && lastEventId !== '' && cursor === undefined;
          const opened = await this.bus.open(
            channels,
            invalidCursor ? new Map(channels.map((c) => [c, { epoch: 'invalid', id: '0-0' }])) : cursor,
          );
          if (lastEventId) {
            this.metrics.resumes.inc({ outcome: opened.resetChannels.length > 0 ? 'reset' : 'replayed' });
          }
          return opened;
        },
        connect: () => new SseConnection(user, channels, response, this.connectionLimits, this.onSlowConsumer),
      },
      response,
      signal,
    );
  }

  /** What every stream of this pod is built with. */
  get connectionLimits(): ConnectionLimits {
    return { maxBacklogBytes: MAX_BACKLOG_BYTES, maxQueuedLiveBytes: MAX_QUEUED_LIVE_BYTES, heartbeatMs: this.config.sseHeartbeatMs };
  }

  readonly onSlowConsumer = (): void => this.metrics.slowConsumerDisconnects.inc();

  /**
   * The one way a stream of any kind is opened, from an @Sse() handler given the response and
   * its @SseSignal(). Authorisation (403/404…), then admission (429/503), then the subscription,
   * all before the first byte. The revocation mark is taken before authorising: revocations
   * after it are applied as the connection opens. Then Nest sends the headers and the
   * connection owns the socket; it counts as open for heartbeats, token expiry, revocations
   * and shutdown, and its place is given back when it ends.
   */
  async serveStream(user: AuthUser, kind: StreamKind, response: ServerResponse, signal: AbortSignal): Promise<Observable<MessageEvent>> {
    const revocationMark = this.connections.revocationMark;
    await kind.authorize();
    const admission = this.connections.admit(user);
    let stream: OpenedStream | undefined;
    let connection: SseConnection;
    try {
      stream = await kind.subscribe();
      connection = await kind.connect(stream);
    } catch (error) {
      stream?.close();
      admission.release();
      throw error;
    }
    const opened = stream;
    return serveAfterNestHeaders(response, signal, {
      // Nest has subscribed; no byte is out yet, so events arriving from now on queue in order.
      begin: () => {
        for (const [channel, position] of opened.positions) {
          connection.setPosition(channel, position);
        }
        connection.ready(kind.retryMs);
        if (opened.resetChannels.length > 0) {
          connection.reset([...opened.resetChannels]);
        }
        connection.bindSource(opened);
        this.connections.opened(connection, revocationMark);
        opened.start(connection);
        // What start() handed over is the catch-up; live events behind it count against the stream.
        connection.catchUpQueued();
      },
      take: (socket, chunked) => connection.takeOver(socket, chunked),
      end: () => {
        connection.markGone();
        opened.close();
        admission.release();
        this.connections.closed(connection);
      },
    });
  }
}
