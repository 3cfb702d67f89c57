import Redis from 'ioredis';
import type { Note } from '../../contracts/boards';
import { boardChannel, type ChannelName } from '../../contracts/channels';
import { parseCursor } from '../../contracts/cursor';
import { EventBus } from '../src/events/event-bus';
import { ApiUser } from './support/api';
import { type PodProcess, startPodProcess } from './support/pod-process';
import { type RedisServer, startRedis } from './support/redis-server';
import { SseClient } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';

const BEHIND = 5000;
const LIVE_PER_SECOND = 50;
/** About the size of the notes in the chaos run that found the problem (4.8 MB for 1,119 events). */
const NOTE_TEXT = 'x'.repeat(4200);

async function metric(url: string, name: string): Promise<number> {
  const response = await fetch(`${url}/metrics`);
  if (!response.ok) {
    throw new Error(`${url}/metrics answered ${response.status}`);
  }
  const text = await response.text();
  const line = text.split('\n').find((row) => row.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.slice(name.length + 1));
}

/** Live writes on the board at a steady rate from the other pod, until stopped. */
class LiveWriter {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();
  lastId = '';
  count = 0;
  private failure: Error | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly channel: ChannelName,
    private readonly note: Note,
    private readonly actor: string,
  ) {}

  start(): void {
    const started = Date.now();
    const tick = (): void => {
      if (this.stopped) {
        return;
      }
      const version = 100_000 + this.count++;
      this.running = this.running
        .then(() =>
          this.bus.publish(this.channel, 'note.updated', { note: { ...this.note, text: `live ${NOTE_TEXT}`, version } }, this.actor),
        )
        .then((event) => void (this.lastId = event.id))
        // Kept for stop(): a rejection nobody awaits yet would take the whole test process down.
        .catch((error: unknown) => void (this.failure ??= error instanceof Error ? error : new Error(String(error))));
      // Paced against the start, so a slow turn of the loop does not lower the rate.
      this.timer = setTimeout(tick, Math.max(0, started + (this.count * 1000) / LIVE_PER_SECOND - Date.now()));
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    if (this.failure !== undefined) {
      throw this.failure;
    }
  }
}

describe('a catch-up of 5,000 events on a pod of two, with 50 live writes a second', () => {
  let redis: RedisServer;
  let admin: Redis;
  let writer: TestApp;
  let reader: PodProcess;
  let alice: ApiUser;
  let channel: ChannelName;
  let cursor: string;
  let note: Note;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    admin = new Redis(redis.url);
    const env = { REDIS_URL: redis.url, WRITE_RATE_LIMIT: '100000', HISTORY_SIZE: '8000' };
    [writer, reader] = await Promise.all([startTestApp(env), startPodProcess(env)]);
    alice = await ApiUser.register(writer.url, 'catchup');
    const board = await alice.createBoard();
    channel = boardChannel(board.id);
    note = await alice.createNote(board.id, 'the note');
    const first = await SseClient.open(reader.url, { token: alice.token, channels: [channel] });
    await first.waitForType('stream.ready');
    cursor = first.lastId!;
    first.close();
    const bus = writer.app.get(EventBus);
    for (let i = 0; i < BEHIND; i++) {
      await bus.publish(channel, 'note.updated', { note: { ...note, text: `missed ${NOTE_TEXT}`, version: i + 2 } }, alice.id);
    }
  }, 120_000);

  afterAll(async () => {
    for (const client of streams) {
      client.close();
    }
    reader?.child.kill('SIGKILL');
    await reader?.exited;
    await writer?.close();
    admin?.disconnect();
    await redis?.stop();
  });

  it('delivers every missed and live event exactly once, in order, to a client that reads, without cutting it', async () => {
    const live = new LiveWriter(writer.app.get(EventBus), channel, note, alice.id);
    live.start();
    const startedAt = Date.now();
    const client = await SseClient.open(reader.url, { token: alice.token, channels: [channel], lastEventId: cursor });
    streams.push(client);
    await client.waitForType('note.updated', BEHIND, 60_000);
    const catchUpMs = Date.now() - startedAt;
    // Keep the live writes going past the catch-up, then let the last one arrive.
    await client.waitFor(
      (events) => events.filter((event) => event.envelope.type === 'note.updated').length >= BEHIND + 2 * LIVE_PER_SECOND,
      'live events after the catch-up',
      30_000,
    );
    await live.stop();
    await client.waitFor((events) => events.some((event) => event.envelope.id === live.lastId), 'the last live write', 30_000);

    // Everything stored after the cursor (presence events too), as the server has it.
    const received = client.events.filter((event) => event.envelope.channel === channel).map((event) => event.envelope.id);
    const stored = (await admin.xrange(`realtime:channel:{${channel}}:stream`, `(${parseCursor(cursor)!.get(channel)!.id}`, '+')).map(
      ([id]) => id,
    );
    expect(client.ofType('note.updated')).toHaveLength(BEHIND + live.count);
    expect(received).toEqual(stored);
    expect(client.ofType('reset')).toHaveLength(0);
    expect(client.isEnded).toBe(false);
    expect(await metric(reader.metricsUrl, 'sse_slow_consumer_disconnects_total')).toBe(0);
    console.log(
      `catch-up of ${BEHIND} events (${((BEHIND * NOTE_TEXT.length) / 1e6).toFixed(1)} MB) with ${LIVE_PER_SECOND} live writes/s: ${catchUpMs} ms; ${live.count} live events followed, in order`,
    );
  }, 120_000);

  it('cuts a client that stops reading mid-catch-up, and the pod stays small', async () => {
    const rssBefore = await metric(reader.metricsUrl, 'process_resident_memory_bytes');
    const slowBefore = await metric(reader.metricsUrl, 'sse_slow_consumer_disconnects_total');
    const live = new LiveWriter(writer.app.get(EventBus), channel, note, alice.id);
    live.start();
    const client = await SseClient.open(reader.url, { token: alice.token, channels: [channel], lastEventId: cursor });
    streams.push(client);
    client.pause();
    let rssPeak = rssBefore;
    const deadline = Date.now() + 60_000;
    try {
      while ((await metric(reader.metricsUrl, 'sse_slow_consumer_disconnects_total')) === slowBefore) {
        if (Date.now() > deadline) {
          throw new Error('the client that stopped reading was not cut within 60 s');
        }
        rssPeak = Math.max(rssPeak, await metric(reader.metricsUrl, 'process_resident_memory_bytes'));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      // A failed wait must not leave writes running into the next suites.
      await live.stop();
    }
    expect(await metric(reader.metricsUrl, 'sse_slow_consumer_disconnects_total')).toBe(slowBefore + 1);
    expect(await metric(reader.metricsUrl, 'sse_connections_total')).toBe(1);
    // The catch-up it never read (21 MB of events) plus at most 2 MB of live events waiting behind it.
    const grewMb = (rssPeak - rssBefore) / 1e6;
    expect(grewMb).toBeLessThan(160);
    console.log(
      `a client that stopped reading was cut after ${live.count} live writes; the pod's RSS grew by at most ${grewMb.toFixed(0)} MB`,
    );
  }, 120_000);
});
