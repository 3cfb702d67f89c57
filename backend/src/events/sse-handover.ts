import type { MessageEvent } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { Observable } from 'rxjs';

/** Attempts to see the headers out before giving up on a stream, 1 ms apart. */
const MAX_ATTEMPTS = 50;

export interface Handover {
  /** Nest subscribed: nothing is sent yet, but the stream is on its way. */
  begin(): void;
  /** The headers are out and Nest has let go: the socket is the caller's. False if the client is gone. */
  take(): boolean;
  /** The client left, or the hand-over never happened: release everything. */
  abandon(): void;
}

/**
 * The Observable an @Sse() handler returns when it wants Nest only for the start of a
 * stream: guards, errors answered with a status before the first byte, and the headers.
 *
 * Nest pipes a transform stream into the response, commits the headers on a timer after
 * subscribing, and keeps its request lifecycle (router promise chain, disconnect watcher,
 * abort signal, a probe timer) open until the Observable ends. Once the headers are out,
 * this detaches that pipe and completes, so Nest finishes the request and lets go of all
 * of it, while the response stays open for the caller to write to.
 */
export function handOverAfterHeaders(response: ServerResponse, handover: Handover): Observable<MessageEvent> {
  // Nest pipes its SseStream into the response before subscribing: catch it then.
  let nestStream: NodeJS.ReadableStream | undefined;
  const onPipe = (source: NodeJS.ReadableStream): void => {
    nestStream = source;
  };
  response.once('pipe', onPipe);

  return new Observable<MessageEvent>((subscriber) => {
    let handedOver = false;
    handover.begin();
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
      nestStream?.unpipe(response);
      nestStream = undefined;
      handedOver = handover.take();
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
        handover.abandon();
      }
    };
  });
}

/** What express, its middleware and the auth guard leave on a request for its handlers. */
const REQUEST_SCRATCH = [
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
export function dropRequestState(response: ServerResponse, nestSignal: AbortSignal | undefined): void {
  const request = response.req as unknown as Record<string | symbol, unknown>;
  for (const field of REQUEST_SCRATCH) {
    if (field in request) {
      request[field] = undefined;
    }
  }
  // Nest keeps the @SseSignal() controller on the request; once aborted, its reason's stack
  // trace holds Nest's whole request lifecycle.
  for (const key of Object.getOwnPropertySymbols(request)) {
    const value = request[key];
    if (value instanceof AbortController && value.signal === nestSignal) {
      request[key] = undefined;
    }
  }
  const withLocals = response as unknown as Record<string, unknown>;
  if ('locals' in withLocals) {
    withLocals.locals = undefined;
  }
}
