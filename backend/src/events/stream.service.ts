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
import type { ChannelConnection, OpenConnection } from './channel-connection';
import { EventBus, type OpenedStream, type StreamSink } from './event-bus';
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
 * One kind of connection (/api/events, a job's stream, a long poll): what it checks, where its
 * events come from and which connection carries them. StreamService.admit() does the rest the
 * same way for every kind: the revocation mark, admission and clean-up on failure.
 */
export interface ConnectionKind<C extends DeliveredConnection> {
  /** Before a place is taken: may the user have this connection? Throws a domain error (403/404…). */
  authorize(): Promise<void>;
  /** With a place held: subscribe at the bus (catch-up included). */
  subscribe(): Promise<OpenedStream>;
  /** The connection that carries the events; if this throws, the subscription is closed. */
  connect(stream: OpenedStream): C | Promise<C>;
}

/** One kind of SSE stream (/api/events, a job's stream), served by StreamService.serveStream(). */
export interface StreamKind extends ConnectionKind<SseConnection> {
  /** Reconnection delay suggested to the client with the first event. */
  readonly retryMs: number;
}

/** What the bus delivers to and ConnectionsService keeps track of, whatever the transport. */
export type DeliveredConnection = OpenConnection &
  StreamSink &
  Pick<ChannelConnection, 'setPosition'> & { bindSource(source: OpenedStream): void };

/** A connection that holds its place and its subscription until `end()`. */
export interface AdmittedConnection<C extends DeliveredConnection> {
  readonly connection: C;
  /**
   * Starts delivery: positions, `announce` (the stream's first event), resets, revocations that
   * came in while opening, then the catch-up and live events. Counts as open from here.
   */
  begin(announce?: () => void): void;
  /** Gives back the subscription and the place, and stops counting the connection (idempotent). */
  end(): void;
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

  /** `GET /api/events` through Nest's @Sse() route. Everything that can fail does so here, before the first byte: the answer can still be 4xx/503. */
  async open(
    user: AuthUser,
    requested: readonly string[],
    lastEventId: unknown,
    response: ServerResponse,
    signal: AbortSignal,
  ): Promise<Observable<MessageEvent>> {
    return this.serveStream(user, this.eventsKind(user, requested, lastEventId, response), response, signal);
  }

  /**
   * `GET /api/events` from stream-route.ts, without Nest's pipeline: the same kind, checks and
   * connection as open(), its connect token taken by the route. Throws before the first byte;
   * then sends the headers and the first frames in one write, and the connection owns the socket.
   */
  async openDirect(
    user: AuthUser,
    requested: readonly unknown[],
    lastEventId: unknown,
    response: ServerResponse,
    headers: readonly string[],
    dropRequestState: () => void,
  ): Promise<void> {
    const kind = this.eventsKind(user, requested, lastEventId, response);
    const admitted = await this.admit(user, kind);
    const connection = admitted.connection;
    const socket = response.socket;
    const end = (): void => {
      connection.markGone();
      admitted.end();
    };
    if (socket === null || socket.destroyed || response.writableEnded) {
      end();
      return;
    }
    response.once('close', end);
    // Headers, Nest's leading blank line and the first frames leave in one write.
    socket.cork();
    try {
      response.writeHead(200, headers as string[]);
      response.write('\n');
      admitted.begin(() => connection.ready(kind.retryMs));
      connection.catchUpQueued();
      dropRequestState();
      if (!connection.takeOver(socket, response.chunkedEncoding)) {
        response.destroy();
      }
    } finally {
      socket.uncork();
    }
  }

  private eventsKind(user: AuthUser, requested: readonly unknown[], lastEventId: unknown, response: ServerResponse): StreamKind {
    const channels = this.channelsKind(user, requested, lastEventId, 'lastEventId', true);
    return {
      retryMs: CLIENT_RETRY_MS,
      ...channels,
      connect: () => new SseConnection(user, channels.channels(), response, this.connectionLimits, this.onSlowConsumer),
    };
  }

  /**
   * The user's own channel and the channels asked for, resumed from one cursor: what the stream
   * and the long poll both carry. Checks the query at once (400); authorising and subscribing
   * are left to admit(). A cursor that cannot be read resets every channel.
   */
  channelsKind(
    user: AuthUser,
    requested: readonly unknown[],
    cursorText: unknown,
    cursorField: string,
    countResumes: boolean,
  ): Omit<ConnectionKind<DeliveredConnection>, 'connect'> & { channels(): ChannelName[] } {
    if (requested.some((channel) => typeof channel !== 'string')) {
      throw new InvalidInputError('channel must be a string');
    }
    // A repeated ?lastEventId= arrives as an array: one stream has one cursor.
    if (cursorText !== undefined && typeof cursorText !== 'string') {
      throw new InvalidInputError(`${cursorField} must be given once, as text`);
    }
    if (cursorText !== undefined && cursorText.length > MAX_CURSOR_LENGTH) {
      throw new InvalidInputError(`${cursorField} is too long (at most ${MAX_CURSOR_LENGTH} characters)`);
    }
    const names = requested as readonly string[];
    // Known once authorised: the registry hands back the names it checked.
    let channels: ChannelName[] = [];
    return {
      channels: () => channels,
      authorize: async () => {
        channels = await this.registry.authorize(user, [...new Set([userChannel(user.id), ...names])]);
      },
      subscribe: async () => {
        const cursor = parseCursor(cursorText);
        // A cursor we cannot read resets every channel: the client refetches instead of looping on errors.
        const invalidCursor = cursorText !== undefined && cursorText !== '' && cursor === undefined;
        const opened = await this.bus.open(
          channels,
          invalidCursor ? new Map(channels.map((c) => [c, { epoch: 'invalid', id: '0-0' }])) : cursor,
        );
        if (cursorText && countResumes) {
          this.metrics.resumes.inc({ outcome: opened.resetChannels.length > 0 ? 'reset' : 'replayed' });
        }
        return opened;
      },
    };
  }

  /** What every stream of this pod is built with. */
  get connectionLimits(): ConnectionLimits {
    return { maxBacklogBytes: MAX_BACKLOG_BYTES, maxQueuedLiveBytes: MAX_QUEUED_LIVE_BYTES, heartbeatMs: this.config.sseHeartbeatMs };
  }

  readonly onSlowConsumer = (): void => this.metrics.slowConsumerDisconnects.inc();

  /**
   * The one way a connection of any kind is opened. Authorisation (403/404…), then admission
   * (429/503), then the subscription, all before anything is answered. The revocation mark is
   * taken before authorising: revocations after it are applied as the connection begins.
   */
  async admit<C extends DeliveredConnection>(user: AuthUser, kind: ConnectionKind<C>): Promise<AdmittedConnection<C>> {
    const revocationMark = this.connections.revocationMark;
    await kind.authorize();
    const admission = this.connections.admit(user);
    let stream: OpenedStream | undefined;
    let connection: C;
    try {
      stream = await kind.subscribe();
      connection = await kind.connect(stream);
    } catch (error) {
      stream?.close();
      admission.release();
      throw error;
    }
    const opened = stream;
    let ended = false;
    return {
      connection,
      begin: (announce) => {
        for (const [channel, position] of opened.positions) {
          connection.setPosition(channel, position);
        }
        announce?.();
        if (opened.resetChannels.length > 0) {
          connection.reset([...opened.resetChannels]);
        }
        connection.bindSource(opened);
        this.connections.opened(connection, revocationMark);
        opened.start(connection);
      },
      end: () => {
        if (ended) {
          return;
        }
        ended = true;
        opened.close();
        admission.release();
        this.connections.closed(connection);
      },
    };
  }

  /**
   * A stream of any kind, from an @Sse() handler given the response and its @SseSignal():
   * admitted as above, then Nest sends the headers and the connection owns the socket; it
   * counts as open for heartbeats, token expiry, revocations and shutdown, and its place is
   * given back when it ends.
   */
  async serveStream(user: AuthUser, kind: StreamKind, response: ServerResponse, signal: AbortSignal): Promise<Observable<MessageEvent>> {
    this.connections.takeConnectToken();
    const admitted = await this.admit(user, kind);
    const connection = admitted.connection;
    return serveAfterNestHeaders(response, signal, {
      // Nest has subscribed; no byte is out yet, so events arriving from now on queue in order.
      begin: () => {
        admitted.begin(() => connection.ready(kind.retryMs));
        // What start() handed over is the catch-up; live events behind it count against the stream.
        connection.catchUpQueued();
      },
      take: (socket, chunked) => connection.takeOver(socket, chunked),
      end: () => {
        connection.markGone();
        admitted.end();
      },
    });
  }
}
