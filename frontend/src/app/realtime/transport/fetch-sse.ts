import { createParser } from 'eventsource-parser';
import { Observable } from 'rxjs';

import { parseRetryAfter } from '../backoff';
import type { StreamRequest } from '../realtime-client';
import { RefusedError, StreamEndedError, UnreachableError } from './transport-errors';

/** What a stream hands the client, in order: `open` once the 200 arrived, then what its bytes say. */
export type SseFrame =
  | { readonly kind: 'open' }
  | { readonly kind: 'event'; readonly type: string; readonly id: string | undefined; readonly data: string }
  | { readonly kind: 'comment' }
  | { readonly kind: 'retry'; readonly ms: number };

/** `fetch` as the transports call it (injected, so tests can play the server). */
export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Beyond this many characters of one unfinished event the stream is broken, not slow:
 * far above any envelope the server writes (board imports arrive as separate events).
 */
const MAX_EVENT_CHARS = 8 * 1024 * 1024;

/** The channels go in the query; the cursor goes in Last-Event-ID, as EventSource would send it. */
export function streamUrl(channels: readonly string[]): string {
  const params = new URLSearchParams();
  for (const channel of channels) {
    params.append('channel', channel);
  }
  const query = params.toString();
  return query ? `/api/events?${query}` : '/api/events';
}

/**
 * One Server-Sent Events stream read with fetch: unlike EventSource it lets us read why a
 * stream was refused, send Last-Event-ID ourselves and see comments. It never reconnects by
 * itself: every end is an error (see transport-errors.ts) for the client's retry policy.
 * Unsubscribing aborts the request.
 */
export function readEventStream(fetchFn: FetchFn, request: StreamRequest): Observable<SseFrame> {
  return new Observable<SseFrame>((subscriber) => {
    const controller = new AbortController();
    const read = async (): Promise<never> => {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (request.cursor) {
        headers['last-event-id'] = request.cursor;
      }
      let response: Response;
      try {
        response = await fetchFn(streamUrl(request.channels), {
          headers,
          credentials: 'same-origin',
          cache: 'no-store',
          signal: controller.signal,
        });
      } catch {
        throw new UnreachableError();
      }
      if (response.status !== 200) {
        void response.body?.cancel().catch(() => undefined);
        throw new RefusedError(response.status, parseRetryAfter(response.headers.get('retry-after')));
      }
      const body = response.body;
      // A captive portal or a misrouted request answers 200 with a page: not our server.
      if (!body || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        void body?.cancel().catch(() => undefined);
        throw new UnreachableError('the answer is not an event stream');
      }
      subscriber.next({ kind: 'open' });
      let broken: Error | undefined;
      const parser = createParser({
        onEvent: (message) => subscriber.next({ kind: 'event', type: message.event ?? 'message', id: message.id, data: message.data }),
        onComment: () => subscriber.next({ kind: 'comment' }),
        onRetry: (ms) => subscriber.next({ kind: 'retry', ms }),
        onError: (error) => {
          // Unknown fields and bad retry values are ignored, as the spec says; only an endless event is fatal.
          if (error.type === 'max-buffer-size-exceeded') {
            broken = new UnreachableError('an event exceeded the size limit');
          }
        },
        maxBufferSize: MAX_EVENT_CHARS,
      });
      const reader = body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch {
          throw new UnreachableError('the stream broke off');
        }
        if (chunk.done) {
          throw new StreamEndedError();
        }
        parser.feed(decoder.decode(chunk.value, { stream: true }));
        if (broken) {
          void reader.cancel().catch(() => undefined);
          throw broken;
        }
      }
    };
    read().catch((error: unknown) => {
      if (!controller.signal.aborted) {
        subscriber.error(error);
      }
    });
    return () => controller.abort();
  });
}
