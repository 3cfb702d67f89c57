import { type MessageEvent, SSE_ABORT_CONTROLLER } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { EMPTY, Observable } from 'rxjs';

/*
 * The one place that relies on how Nest's @Sse() pipeline and Express work inside.
 *
 * Why it exists: routes stay `@Sse()` handlers returning Observables, so guards, validation,
 * authorisation and admission run first and every error still gets its status (400/401/403/
 * 429/503) before the first byte. But Nest's pipeline, kept for the life of a stream, spends an
 * Observable chain, a promise and a stream transform per event per client, and keeps its request
 * lifecycle (router promise chain, disconnect watcher, paused-socket probe timer, aborted
 * @SseSignal() controller) alive for as long as the stream is open: it was part of why a pod once
 * spent 28 µs of CPU per delivery and held 35 KB per idle stream (docs/performance.md).
 * So Nest only starts the stream: once it has sent the headers, this takes the socket over.
 *
 * What it relies on (sse-socket-adapter.spec.ts checks each against the installed packages):
 *  - Nest pipes its SseStream into the response before subscribing to the handler's
 *    Observable, so the response emits 'pipe' with it first;
 *  - Nest commits the headers on a zero-delay timer set right after subscribing;
 *  - completing the Observable ends Nest's lifecycle (it ends its SseStream, which no longer
 *    ends the response once unpiped) and aborts the @SseSignal() controller, which Nest keeps
 *    on the request under SSE_ABORT_CONTROLLER;
 *  - what Express, its middleware and the auth guard leave on the request (REQUEST_SCRATCH)
 *    and `response.locals`;
 *  - Node's `response.chunkedEncoding`: whether frames written to the socket need chunk framing.
 * Verified against the versions below; the spec fails on any other version, to be re-verified.
 */
export const VERIFIED_AGAINST = {
  '@nestjs/core': '11.2.10',
  '@nestjs/common': '11.2.10',
  '@nestjs/platform-express': '11.2.10',
  express: '5.3.0',
} as const;

/** Attempts to see the headers out before giving up on a stream, 1 ms apart. */
const MAX_ATTEMPTS = 50;

/** What a stream does with the socket Nest hands over. */
export interface SocketTaker {
  /** Nest subscribed: nothing is sent yet, but the stream is on its way. */
  begin(): void;
  /** The headers are out and Nest has let go: the socket is the taker's. False if it cannot use it. */
  take(socket: Socket, chunked: boolean): boolean;
  /** The stream is over, whatever the reason (client gone, never handed over, refused): called once. */
  end(): void;
}

/**
 * The Observable an @Sse() handler returns to have Nest start the stream and then hand the
 * socket to `taker`. `signal` is the handler's @SseSignal(): until the hand-over, it is how a
 * client that leaves is noticed; after it, the response's 'close'.
 */
export function serveAfterNestHeaders(response: ServerResponse, signal: AbortSignal, taker: SocketTaker): Observable<MessageEvent> {
  let ended = false;
  const end = (): void => {
    if (!ended) {
      ended = true;
      taker.end();
    }
  };
  // The client may leave before Nest subscribes: the signal is then the only teardown.
  if (signal.aborted) {
    end();
    return EMPTY;
  }
  signal.addEventListener('abort', end, { once: true });
  // Nest pipes its SseStream into the response before subscribing: catch it then.
  let nestStream: NodeJS.ReadableStream | undefined;
  const onPipe = (source: NodeJS.ReadableStream): void => {
    nestStream = source;
  };
  response.once('pipe', onPipe);
  // Closures made here live as long as the stream; once Nest lets go, they must not keep
  // its aborted signal, whose reason's stack trace holds Nest's whole request lifecycle.
  let nestSignal: AbortSignal | undefined = signal;

  const handOver = (): boolean => {
    nestStream?.unpipe(response);
    nestStream = undefined;
    // Nest aborts its signal as it lets go: from here the response's close is the end.
    nestSignal?.removeEventListener('abort', end);
    dropRequestState(response);
    nestSignal = undefined;
    response.once('close', end);
    const socket = response.socket;
    if (!socket || socket.destroyed || response.writableEnded || !taker.take(socket, response.chunkedEncoding)) {
      end();
      return false;
    }
    return true;
  };

  return new Observable<MessageEvent>((subscriber) => {
    let handedOver = false;
    taker.begin();
    let cancelWait: (() => void) | undefined;
    const later = (run: () => void, viaImmediate: boolean): void => {
      if (viaImmediate) {
        const immediate = setImmediate(run);
        cancelWait = () => clearImmediate(immediate);
      } else {
        const timer = setTimeout(run, 1);
        cancelWait = () => clearTimeout(timer);
      }
    };
    const attempt = (attempts: number): void => {
      cancelWait = undefined;
      if (subscriber.closed) {
        return;
      }
      if (!response.headersSent) {
        if (attempts < MAX_ATTEMPTS && !response.destroyed) {
          later(() => attempt(attempts + 1), false);
        }
        // Completing lets Nest end the response; the client reconnects with its cursor.
        else {
          subscriber.complete();
        }
        return;
      }
      handedOver = handOver();
      subscriber.complete();
    };
    // Nest commits the headers on a zero-delay timer set right after this subscription:
    // this timer fires just before that one, and the immediate it sets right after it.
    const first = setTimeout(() => later(() => attempt(0), true), 0);
    cancelWait = () => clearTimeout(first);
    return () => {
      nestStream = undefined;
      response.removeListener('pipe', onPipe);
      cancelWait?.();
      if (!handedOver) {
        end();
      }
    };
  });
}

/** What express, its middleware and the auth guard leave on a request for its handlers. */
export const REQUEST_SCRATCH = [
  'next',
  '_parsedUrl',
  '_parsedOriginalUrl',
  'params',
  'cookies',
  'signedCookies',
  'body',
  'secret',
  'user',
] as const;

/**
 * A stream's request is done with routing once the stream is handed over, but the socket's
 * parser keeps it for as long as the stream is open (hours, times thousands of streams).
 * Dropping the parsed leftovers (URLs, cookies, params, the router's `next`) keeps an idle
 * stream small. Fields are set to undefined rather than deleted, which would put the objects
 * in slow (dictionary) mode. The route and base URL stay: the request metrics label the
 * stream by them when it ends.
 */
function dropRequestState(response: ServerResponse): void {
  const request = response.req as unknown as Record<string | symbol, unknown>;
  for (const field of REQUEST_SCRATCH) {
    if (field in request) {
      request[field] = undefined;
    }
  }
  // Nest keeps the @SseSignal() controller on the request; once aborted, its reason's stack
  // trace holds Nest's whole request lifecycle.
  if (SSE_ABORT_CONTROLLER in request) {
    request[SSE_ABORT_CONTROLLER] = undefined;
  }
  const withLocals = response as unknown as Record<string, unknown>;
  if ('locals' in withLocals) {
    withLocals.locals = undefined;
  }
}
