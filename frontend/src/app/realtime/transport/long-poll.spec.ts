import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { FetchFn } from './fetch-sse';
import { POLL_ANSWER_GRACE_MS, fetchPoll, pollEnvelopes, pollUrl } from './long-poll';
import { RefusedError, StreamStalledError, UnreachableError } from './transport-errors';

const request = { channels: ['user:u1', 'board:b1'], cursor: 'user:u1@e1:4-0' };
const note = {
  id: '5-0',
  channel: 'board:b1',
  type: 'note.deleted',
  timestamp: '',
  userId: null,
  data: { boardId: 'b1', noteId: 'n1' },
} as const;

function answering(status: number, body: unknown, headers: Record<string, string> = {}): { fetchFn: FetchFn; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetchFn: (url) => {
      urls.push(url);
      return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }));
    },
  };
}

describe('fetchPoll', () => {
  afterEach(() => vi.useRealTimers());

  it('asks for the channels from the cursor, and answers the events with the next cursor', async () => {
    const server = answering(200, { events: [note], cursor: 'board:b1@e1:5-0' });
    const answer = await firstValueFrom(fetchPoll(server.fetchFn, request, 25));

    expect(server.urls).toEqual(['/api/events/poll?channel=user%3Au1&channel=board%3Ab1&cursor=user%3Au1%40e1%3A4-0&wait=25']);
    expect(answer).toEqual({ events: [note], cursor: 'board:b1@e1:5-0' });
  });

  it('refuses as the stream does: the status, with Retry-After', async () => {
    const busy = answering(429, { statusCode: 429 }, { 'retry-after': '3' });
    await expect(firstValueFrom(fetchPoll(busy.fetchFn, request, 25))).rejects.toEqual(new RefusedError(429, 3_000));
    const gone = answering(403, { statusCode: 403 });
    await expect(firstValueFrom(fetchPoll(gone.fetchFn, request, 25))).rejects.toMatchObject({ status: 403 });
  });

  it('takes an answer of another shape, or none, for an unreachable server', async () => {
    const proxyPage = answering(200, { hello: 'proxy' });
    await expect(firstValueFrom(fetchPoll(proxyPage.fetchFn, request, 0))).rejects.toBeInstanceOf(UnreachableError);
    const offline: FetchFn = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(firstValueFrom(fetchPoll(offline, request, 0))).rejects.toBeInstanceOf(UnreachableError);
  });

  it('gives up on a poll unanswered well past its wait', async () => {
    vi.useFakeTimers();
    const hanging: FetchFn = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const answer = firstValueFrom(fetchPoll(hanging, request, 25));
    const settled = expect(answer).rejects.toBeInstanceOf(StreamStalledError);
    await vi.advanceTimersByTimeAsync(25_000 + POLL_ANSWER_GRACE_MS);
    await settled;
  });

  it('aborts the request when unsubscribed', () => {
    let signal: AbortSignal | undefined;
    const pending: FetchFn = (_url, init) => {
      signal = init.signal ?? undefined;
      return new Promise(() => undefined);
    };
    fetchPoll(pending, request, 25).subscribe().unsubscribe();
    expect(signal?.aborted).toBe(true);
  });

  it('builds a URL without a cursor on a first connection', () => {
    expect(pollUrl({ channels: ['user:u1'], cursor: '' }, 0)).toBe('/api/events/poll?channel=user%3Au1&wait=0');
  });
});

describe('pollEnvelopes', () => {
  it('puts a reset first, as the envelope the stream sends, then the events', () => {
    const envelopes = pollEnvelopes({ events: [note], cursor: 'x', reset: { channels: ['board:b1'] } }, new Date(0));
    expect(envelopes).toEqual([
      { id: '', channel: '', type: 'reset', timestamp: '1970-01-01T00:00:00.000Z', userId: null, data: { channels: ['board:b1'] } },
      note,
    ]);
    expect(pollEnvelopes({ events: [note], cursor: 'x' })).toEqual([note]);
  });
});
