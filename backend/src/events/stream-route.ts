import type { CanActivate } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import cookieParser from 'cookie-parser';
import type { Request, Response } from 'express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { InvalidTokenError } from '../auth/auth.errors';
import type { AuthService } from '../auth/auth.service';
import type { AuthenticatedRequest } from '../auth/current-user.decorator';
import { extractToken } from '../auth/token-extractor';
import { ForbiddenError } from '../common/domain-error';
import { sendPlainError } from '../common/http-exception.filter';
import type { MetricsService } from '../metrics/metrics.service';
import { ConnectQueue } from './connect-queue';
import { EventsController } from './events.controller';
import type { ConnectionsService } from './connections.service';
import type { StreamService } from './stream.service';

/** What Nest's @Sse() pipeline sends with a stream (@nestjs/core SseStream.commitHeaders), kept identical. */
const SSE_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Content-Type', 'text/event-stream'],
  ['Connection', 'keep-alive'],
  ['Cache-Control', 'private, no-cache, no-store, must-revalidate, max-age=0, no-transform'],
  ['Pragma', 'no-cache'],
  ['Expire', '0'],
  ['X-Accel-Buffering', 'no'],
];

const STREAM_PATH = '/api/events';
/** Stream requests started per turn of the event loop: a few milliseconds of work at most. */
const CONNECTS_PER_TURN = 8;
/** Stream requests waiting to be started at most, about what the listen backlog holds. */
const MAX_WAITING_CONNECTS = 4096;

interface PendingStream {
  readonly request: IncomingMessage & AuthenticatedRequest;
  readonly response: ServerResponse;
  readonly url: string;
}
const QUESTION_MARK = 63;

export interface StreamRouteOptions {
  readonly streams: StreamService;
  readonly connections: ConnectionsService;
  readonly auth: AuthService;
  /** The app's global guards, run as Nest runs them for EventsController.stream. */
  readonly guards: readonly CanActivate[];
  readonly metrics: MetricsService;
  /** Headers every API response carries (security-headers.ts). */
  readonly securityHeaders: ReadonlyArray<readonly [string, string]>;
  /** Cross-origin requests need the CORS middleware's headers: they take Nest's route. */
  readonly corsEnabled: boolean;
}

/**
 * `GET /api/events` answered ahead of Express and Nest's router. In a reconnect storm opening a
 * stream is the hot path, and Express's middleware chain, its router and Nest's @Sse() pipeline
 * were two thirds of what a connect cost (docs/performance.md, "Reconnect storms"). Here the
 * same guards run against the same handler's metadata, StreamService.openDirect() makes the same
 * checks in the same order and opens the same SseConnection, and refusals get the same status,
 * body and security headers from the one error mapper; only the connect token is taken earlier,
 * before the guard asks the stores (see serve()). Anything else (another method or path,
 * a trailing slash, a cross-origin request needing CORS headers) goes on to Express, where the
 * @Sse() route stays the declared endpoint and serves the same stream.
 */
export class StreamRoute {
  private readonly streamHeaders: readonly string[];
  private readonly securityHeaders: readonly string[];
  // The same cookie parser as every other route (app.factory.ts); it runs synchronously.
  private readonly parseCookies = cookieParser();
  private readonly queue = new ConnectQueue<PendingStream>(
    ({ request, response, url }) =>
      void this.serve(request, response, url).catch((error: unknown) => sendPlainError(response, error, this.securityHeaders)),
    {
      perTurn: CONNECTS_PER_TURN,
      maxWaiting: MAX_WAITING_CONNECTS,
      overflow: ({ response }) => sendPlainError(response, this.options.connections.connectQueueFull(), this.securityHeaders),
      live: ({ response }) => !response.destroyed,
    },
  );

  constructor(private readonly options: StreamRouteOptions) {
    this.securityHeaders = options.securityHeaders.flat();
    this.streamHeaders = [...options.securityHeaders, ...SSE_HEADERS].flat();
  }

  /** True if this request is a stream and answered here; false to leave it to Express. */
  handle(request: IncomingMessage, response: ServerResponse): boolean {
    const url = request.url ?? '';
    if (
      request.method !== 'GET' ||
      !url.startsWith(STREAM_PATH) ||
      (url.length > STREAM_PATH.length && url.charCodeAt(STREAM_PATH.length) !== QUESTION_MARK) ||
      (this.options.corsEnabled && request.headers.origin !== undefined)
    ) {
      return false;
    }
    const started = process.hrtime.bigint();
    response.once('close', () =>
      this.options.metrics.httpDuration.observe(
        { method: 'GET', route: STREAM_PATH, status: String(response.statusCode) },
        Number(process.hrtime.bigint() - started) / 1e9,
      ),
    );
    this.queue.push({ request, response, url });
    return true;
  }

  private async serve(request: IncomingMessage & AuthenticatedRequest, response: ServerResponse, url: string): Promise<void> {
    this.parseCookies(request as Request, response as Response, noop);
    // In a storm most connects are turned away, and a refusal must cost the pod little: the
    // connect token is taken once the token's signature holds (no store asked yet), so that
    // only signed-in users can use the connect budget up, and before the guard asks the stores.
    const presented = extractToken(request as Request);
    if (presented === undefined) {
      throw new InvalidTokenError();
    }
    await this.options.auth.assertSigned(presented.token);
    this.options.connections.takeConnectToken();
    // The handler is the key guards read their metadata (@Public…) by; it is never called from here.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const context = new ExecutionContextHost([request, response], EventsController, EventsController.prototype.stream);
    for (const guard of this.options.guards) {
      // A guard that says no without throwing gets Nest's answer for that: 403.
      if (!(await guard.canActivate(context))) {
        throw new ForbiddenError('Forbidden resource');
      }
    }
    const user = request.user;
    if (user === undefined) {
      throw new InvalidTokenError();
    }
    const mark = url.indexOf('?');
    const query = mark < 0 ? {} : parseQuery(url.slice(mark + 1));
    const channel = query.channel;
    const requested = channel === undefined ? [] : Array.isArray(channel) ? channel : [channel];
    await this.options.streams.openDirect(
      user,
      requested,
      request.headers['last-event-id'] ?? query.lastEventId,
      response,
      this.streamHeaders,
      () => {
        // Held for as long as the stream is open: keep nothing the request no longer needs.
        request.user = undefined;
        (request as { cookies?: unknown }).cookies = undefined;
        (request as { signedCookies?: unknown }).signedCookies = undefined;
      },
    );
  }
}

/**
 * Puts `route` in front of the app's request listener (Express, which Nest's adapter registers as
 * the server's only 'request' listener). Fails at boot if that ever changes.
 */
export function mountStreamRoute(server: Server, route: StreamRoute): void {
  const listeners = server.listeners('request') as Array<(request: IncomingMessage, response: ServerResponse) => void>;
  if (listeners.length !== 1) {
    throw new Error(`Expected Express as the HTTP server's one request listener, found ${listeners.length}`);
  }
  const app = listeners[0];
  server.removeListener('request', app);
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!route.handle(request, response)) {
      app(request, response);
    }
  });
}

function noop(): void {}
