import { type Subscription, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { type FetchFn, type SseFrame, readEventStream, streamUrl } from './fetch-sse';
import { RefusedError, StreamEndedError, UnreachableError } from './transport-errors';

/** A server the test writes to chunk by chunk, as the network would hand them over. */
function server(status = 200, headers: Record<string, string> = { 'content-type': 'text/event-stream' }) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) });
  const encoder = new TextEncoder();
  const requests: Array<{ url: string; init: RequestInit }> = [];
  const fetchFn: FetchFn = (url, init) => {
    requests.push({ url, init });
    init.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
    return Promise.resolve(new Response(status === 204 ? null : body, { status, headers }));
  };
  return {
    fetchFn,
    requests,
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    writeBytes: (bytes: Uint8Array) => controller.enqueue(bytes),
    end: () => controller.close(),
    breakOff: () => controller.error(new TypeError('network error')),
  };
}

const request = { channels: ['user:u1', 'board:b1'], cursor: 'user:u1@e1:4-0' };

describe('readEventStream', () => {
  const subscriptions: Subscription[] = [];
  afterEach(() => subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe()));

  function collect(fetchFn: FetchFn): { frames: SseFrame[]; ended: Promise<unknown> } {
    const frames: SseFrame[] = [];
    const ended = new Promise<unknown>((resolve) => {
      subscriptions.push(readEventStream(fetchFn, request).subscribe({ next: (frame) => frames.push(frame), error: resolve }));
    });
    return { frames, ended };
  }

  it('asks with the channels in the query, the cursor as Last-Event-ID, and the session cookie', async () => {
    const fake = server();
    const { frames } = collect(fake.fetchFn);
    await vi.waitFor(() => expect(frames).toEqual([{ kind: 'open' }]));

    const [{ url, init }] = fake.requests;
    expect(url).toBe('/api/events?channel=user%3Au1&channel=board%3Ab1');
    expect(init.headers).toEqual({ accept: 'text/event-stream', 'last-event-id': request.cursor });
    expect(init.credentials).toBe('same-origin');
  });

  it('parses events split anywhere across chunks, multi-line data, comments and retry', async () => {
    const fake = server();
    const { frames, ended } = collect(fake.fetchFn);
    fake.write(': hello\n\nretry: 2500\n\nevent: note.created\nid: board:b1@e1:5');
    fake.write('-0\ndata: {"a":\ndata: 1}\n');
    fake.write('\nevent: heartbeat\r\nid: board:b1@e1:5-0\r\ndata: {}\r\n\r\n');
    // A character split between two chunks.
    const snowman = new TextEncoder().encode('data: "☃"\n\n');
    fake.writeBytes(snowman.slice(0, 8));
    fake.writeBytes(snowman.slice(8));
    fake.end();

    expect(await ended).toBeInstanceOf(StreamEndedError);
    expect(frames).toEqual([
      { kind: 'open' },
      { kind: 'comment' },
      { kind: 'retry', ms: 2500 },
      { kind: 'event', type: 'note.created', id: 'board:b1@e1:5-0', data: '{"a":\n1}' },
      { kind: 'event', type: 'heartbeat', id: 'board:b1@e1:5-0', data: '{}' },
      { kind: 'event', type: 'message', id: undefined, data: '"☃"' },
    ]);
  });

  it('reads the status of a refused stream, with Retry-After', async () => {
    const { ended } = collect(server(503, { 'retry-after': '7' }).fetchFn);
    const error = await ended;
    expect(error).toBeInstanceOf(RefusedError);
    expect(error).toMatchObject({ status: 503, retryAfterMs: 7_000 });

    expect(await collect(server(401).fetchFn).ended).toMatchObject({ status: 401 });
    expect(await collect(server(204).fetchFn).ended).toMatchObject({ status: 204 });
  });

  it('takes a 200 that is no event stream (a captive portal’s page) for an unreachable server', async () => {
    const { frames, ended } = collect(server(200, { 'content-type': 'text/html' }).fetchFn);
    expect(await ended).toBeInstanceOf(UnreachableError);
    expect(frames).toEqual([]);
  });

  it('reports a network failure, before the answer or in the middle of the stream', async () => {
    const refused: FetchFn = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await collect(refused).ended).toBeInstanceOf(UnreachableError);

    const fake = server();
    const { frames, ended } = collect(fake.fetchFn);
    fake.write('data: 1\n\n');
    await vi.waitFor(() => expect(frames).toHaveLength(2));
    fake.breakOff();
    expect(await ended).toBeInstanceOf(UnreachableError);
  });

  it('aborts the request when unsubscribed', async () => {
    const fake = server();
    const frames: SseFrame[] = [];
    const subscription = readEventStream(fake.fetchFn, request).subscribe({
      next: (frame) => frames.push(frame),
      error: () => frames.push({ kind: 'comment' }),
    });
    await vi.waitFor(() => expect(frames).toHaveLength(1));
    subscription.unsubscribe();

    expect(fake.requests[0].init.signal?.aborted).toBe(true);
    // The abort is no error for a subscriber that left.
    await Promise.resolve();
    expect(frames).toEqual([{ kind: 'open' }]);
  });

  it('builds the URL without a query when no channel is asked for (the server adds the user’s own)', () => {
    expect(streamUrl([])).toBe('/api/events');
  });

  it('never completes: a stream ends with an error, so the client always decides what comes next', async () => {
    const fake = server();
    const ended = lastValueFrom(readEventStream(fake.fetchFn, { channels: [], cursor: '' }).pipe(toArray()));
    fake.end();
    await expect(ended).rejects.toBeInstanceOf(StreamEndedError);
    // No cursor yet (a first connection): no Last-Event-ID either.
    expect(fake.requests[0].init.headers).toEqual({ accept: 'text/event-stream' });
    await expect(firstValueFrom(readEventStream(server(404).fetchFn, request))).rejects.toBeInstanceOf(RefusedError);
  });
});
