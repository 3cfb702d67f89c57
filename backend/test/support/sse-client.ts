import { type ClientRequest, type IncomingMessage, request } from 'node:http';
import type { AnyEventEnvelope } from '../../../contracts/events';

export interface SseEvent {
  type: string;
  id: string;
  retry?: number;
  raw: string;
  envelope: AnyEventEnvelope;
}

export interface SseOptions {
  /** Another stream than /api/events, e.g. a job's. */
  path?: string;
  token?: string;
  cookie?: string;
  channels?: string[];
  lastEventId?: string;
  /** Send the cursor as the Last-Event-ID header (as EventSource does) instead of ?lastEventId=. */
  lastEventIdHeader?: boolean;
  headers?: Record<string, string>;
}

export class SseRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly body: { statusCode?: number; message?: unknown },
    readonly headers: IncomingMessage['headers'],
  ) {
    super(`stream refused with ${status}: ${JSON.stringify(body)}`);
  }
}

/**
 * A small SSE client over raw HTTP for tests: exposes status and headers,
 * parses events, and can stop reading to play a slow consumer.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  /** Called for each event as it is parsed, for clients that keep state as they go. */
  onEvent: ((event: SseEvent) => void) | undefined;
  private buffer = '';
  private waiters: Array<() => void> = [];
  private ended = false;
  readonly closed: Promise<void>;
  private resolveClosed!: () => void;

  private constructor(
    private readonly req: ClientRequest,
    readonly response: IncomingMessage,
  ) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.onData(chunk));
    const finish = (): void => {
      this.ended = true;
      this.resolveClosed();
      this.wake();
    };
    response.on('end', finish);
    response.on('close', finish);
    response.on('error', finish);
    req.on('error', finish);
  }

  static open(baseUrl: string, options: SseOptions = {}): Promise<SseClient> {
    const url = new URL(options.path ?? '/api/events', baseUrl);
    for (const channel of options.channels ?? []) {
      url.searchParams.append('channel', channel);
    }
    if (options.lastEventId !== undefined && !options.lastEventIdHeader) {
      url.searchParams.set('lastEventId', options.lastEventId);
    }
    const headers: Record<string, string> = { Accept: 'text/event-stream', ...options.headers };
    if (options.token) {
      headers.Authorization = `Bearer ${options.token}`;
    }
    if (options.cookie) {
      headers.Cookie = options.cookie;
    }
    if (options.lastEventId !== undefined && options.lastEventIdHeader) {
      headers['Last-Event-ID'] = options.lastEventId;
    }
    return new Promise((resolve, reject) => {
      const req = request(url, { headers, agent: false }, (response) => {
        if (response.statusCode !== 200) {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => reject(new SseRefusedError(response.statusCode ?? 0, safeJson(body), response.headers)));
          return;
        }
        resolve(new SseClient(req, response));
      });
      req.on('error', reject);
      req.end();
    });
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get lastId(): string | undefined {
    return this.events[this.events.length - 1]?.id;
  }

  ofType(type: string): SseEvent[] {
    return this.events.filter((event) => event.type === type);
  }

  async waitFor(predicate: (events: SseEvent[]) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      if (this.ended && !predicate(this.events)) {
        throw new Error(`stream ended while waiting for ${what}; got ${this.describe()}`);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`timed out waiting for ${what}; got ${this.describe()}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  waitForType(type: string, count = 1, timeoutMs?: number): Promise<void> {
    return this.waitFor((events) => events.filter((event) => event.type === type).length >= count, `${count} × ${type}`, timeoutMs);
  }

  async waitForEnd(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.closed,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`stream did not end within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
  }

  /** Stop reading, like a client whose tab is frozen: data piles up at the server. */
  pause(): void {
    this.response.pause();
  }

  close(): void {
    this.req.destroy();
  }

  private describe(): string {
    return JSON.stringify(this.events.map((event) => event.type).slice(-20));
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let boundary: number;
    while ((boundary = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, boundary);
      this.buffer = this.buffer.slice(boundary + 2);
      this.parseBlock(block);
    }
    this.wake();
  }

  private parseBlock(block: string): void {
    let type = 'message';
    let id = '';
    let retry: number | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) {
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') {
        type = value;
      } else if (field === 'id') {
        id = value;
      } else if (field === 'retry') {
        retry = Number(value);
      } else if (field === 'data') {
        data.push(value);
      }
    }
    if (data.length === 0) {
      return;
    }
    const raw = data.join('\n');
    const event: SseEvent = { type, id, retry, raw, envelope: JSON.parse(raw) as AnyEventEnvelope };
    this.events.push(event);
    this.onEvent?.(event);
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) {
      waiter();
    }
  }
}

function safeJson(body: string): { statusCode?: number; message?: unknown } {
  try {
    return JSON.parse(body) as { statusCode?: number; message?: unknown };
  } catch {
    return { message: body };
  }
}

/** The refusal of a stream that must not open; fails when it opens. */
export async function refusalOf(opening: Promise<SseClient>): Promise<SseRefusedError> {
  try {
    (await opening).close();
  } catch (error) {
    if (error instanceof SseRefusedError) {
      return error;
    }
    throw error;
  }
  throw new Error('the stream was not refused');
}

/** The status opening a stream gets: its refusal's, or 200 when it opened (it is closed at once). */
export async function openingStatus(url: string, options: Parameters<typeof SseClient.open>[1]): Promise<number> {
  try {
    (await SseClient.open(url, options)).close();
  } catch (error) {
    if (error instanceof SseRefusedError) {
      return error.status;
    }
    throw error;
  }
  return 200;
}
