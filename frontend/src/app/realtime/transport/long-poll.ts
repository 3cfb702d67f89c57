import { Observable } from 'rxjs';

import type { AnyEventEnvelope } from '@contracts/events';
import type { PollResponse } from '@contracts/poll';

import { parseRetryAfter } from '../backoff';
import type { StreamRequest } from '../realtime-client';
import type { FetchFn } from './fetch-sse';
import { RefusedError, StreamStalledError, UnreachableError } from './transport-errors';

/** 200 of GET /api/events/poll (docs/channels.md), read-only on the app's side. */
export type PollAnswer = Readonly<PollResponse>;

/** How long past `wait` an unanswered poll is given before it counts as stalled. */
export const POLL_ANSWER_GRACE_MS = 10_000;

export function pollUrl(request: StreamRequest, waitSeconds: number): string {
  const params = new URLSearchParams();
  for (const channel of request.channels) {
    params.append('channel', channel);
  }
  if (request.cursor) {
    params.set('cursor', request.cursor);
  }
  params.set('wait', String(waitSeconds));
  return `/api/events/poll?${params.toString()}`;
}

/**
 * One long poll: answers once (events, or none after `waitSeconds`) and completes. Refusals
 * are the stream's (RefusedError with the status); no answer within wait + grace is a stall.
 * Unsubscribing aborts the request.
 */
export function fetchPoll(fetchFn: FetchFn, request: StreamRequest, waitSeconds: number): Observable<PollAnswer> {
  return new Observable<PollAnswer>((subscriber) => {
    const controller = new AbortController();
    let timedOut = false;
    const deadline = setTimeout(
      () => {
        timedOut = true;
        controller.abort();
      },
      waitSeconds * 1000 + POLL_ANSWER_GRACE_MS,
    );
    const ask = async (): Promise<PollAnswer> => {
      let response: Response;
      let body: unknown;
      try {
        response = await fetchFn(pollUrl(request, waitSeconds), {
          headers: { accept: 'application/json' },
          credentials: 'same-origin',
          cache: 'no-store',
          signal: controller.signal,
        });
        if (response.status !== 200) {
          void response.body?.cancel().catch(() => undefined);
          throw new RefusedError(response.status, parseRetryAfter(response.headers.get('retry-after')));
        }
        body = await response.json();
      } catch (error) {
        if (error instanceof RefusedError) {
          throw error;
        }
        throw timedOut ? new StreamStalledError() : new UnreachableError();
      }
      if (!isPollAnswer(body)) {
        throw new UnreachableError('the answer is not a poll answer');
      }
      return body;
    };
    ask().then(
      (answer) => {
        subscriber.next(answer);
        subscriber.complete();
      },
      (error: unknown) => {
        if (timedOut || !controller.signal.aborted) {
          subscriber.error(error);
        }
      },
    );
    return () => {
      clearTimeout(deadline);
      controller.abort();
    };
  });
}

/**
 * The answer as the stream would have carried it: a reset first (the same envelope as the
 * stream's reset event, so stores cannot tell the transports apart), then the events.
 */
export function pollEnvelopes(answer: PollAnswer, now = new Date()): AnyEventEnvelope[] {
  if (!answer.reset || answer.reset.channels.length === 0) {
    return [...answer.events];
  }
  const reset: AnyEventEnvelope = {
    id: '',
    channel: '',
    type: 'reset',
    timestamp: now.toISOString(),
    userId: null,
    data: { channels: [...answer.reset.channels] },
  };
  return [reset, ...answer.events];
}

function isPollAnswer(value: unknown): value is PollAnswer {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const { events, cursor, reset, retryMs } = value as Record<string, unknown>;
  return (
    Array.isArray(events) &&
    typeof cursor === 'string' &&
    (retryMs === undefined || typeof retryMs === 'number') &&
    (reset === undefined || (typeof reset === 'object' && reset !== null && Array.isArray((reset as { channels?: unknown }).channels)))
  );
}
