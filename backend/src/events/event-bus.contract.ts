import { firstValueFrom, Observable, type Subscription } from 'rxjs';
import { filter, take, toArray } from 'rxjs/operators';
import { boardChannel, type ChannelName } from '../../../contracts/channels';
import type { ChannelPosition, Cursor } from '../../../contracts/cursor';
import type { EventEnvelope } from '../../../contracts/events';
import type { BusEvent } from './bus-event';
import type { EventBus, OpenedStream } from './event-bus';

export interface BusFixture {
  bus: EventBus;
  /** HISTORY_SIZE the bus was built with. */
  historySize: number;
}

let channelCounter = 0;
const freshChannel = (): ChannelName => boardChannel(`contract-${process.pid}-${++channelCounter}`);

type StreamItem =
  | { kind: 'opened'; positions: ReadonlyMap<string, ChannelPosition>; resetChannels: readonly string[] }
  | { kind: 'event'; event: BusEvent }
  | { kind: 'reset'; channels: string[] };

/** A bus stream as an Observable: opened, resets and events, until unsubscribed. */
function subscribe(bus: EventBus, channels: readonly ChannelName[], cursor?: Cursor): Observable<StreamItem> {
  return new Observable<StreamItem>((subscriber) => {
    let stream: OpenedStream | undefined;
    let unsubscribed = false;
    bus.open(channels, cursor).then(
      (opened) => {
        if (unsubscribed) {
          return opened.close();
        }
        stream = opened;
        subscriber.next({ kind: 'opened', positions: opened.positions, resetChannels: opened.resetChannels });
        opened.start({
          event: (event) => subscriber.next({ kind: 'event', event }),
          reset: (resetChannels) => subscriber.next({ kind: 'reset', channels: resetChannels }),
        });
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      unsubscribed = true;
      stream?.close();
    };
  });
}

/** Collects a subscription's items and lets a test wait for a count of events. */
class Recorder {
  readonly items: StreamItem[] = [];
  private readonly subscription: Subscription;
  private waiters: Array<() => void> = [];

  constructor(bus: EventBus, channels: ChannelName[], cursor?: Cursor) {
    this.subscription = subscribe(bus, channels, cursor).subscribe((item) => {
      this.items.push(item);
      for (const waiter of this.waiters.splice(0)) {
        waiter();
      }
    });
  }

  get events(): BusEvent[] {
    return this.items.flatMap((item) => (item.kind === 'event' ? [item.event] : []));
  }

  get opened(): Extract<StreamItem, { kind: 'opened' }> | undefined {
    return this.items.find((item): item is Extract<StreamItem, { kind: 'opened' }> => item.kind === 'opened');
  }

  async until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.items.map(describe))}`);
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

  untilEvents(count: number): Promise<void> {
    return this.until(() => this.events.length >= count, `${count} events`);
  }

  untilOpened(): Promise<void> {
    return this.until(() => this.opened !== undefined, 'the stream to open');
  }

  stop(): void {
    this.subscription.unsubscribe();
  }
}

function describe(item: StreamItem): string {
  return item.kind === 'event' ? `${item.event.type}#${item.event.id}` : item.kind;
}

const payloads = (events: BusEvent[]): number[] => events.map((event) => (JSON.parse(event.json) as EventEnvelope<'pong'>).data.clientTime);

async function publishPongs(bus: EventBus, channel: ChannelName, from: number, count: number): Promise<BusEvent[]> {
  const published: BusEvent[] = [];
  for (let i = from; i < from + count; i++) {
    published.push(await bus.publish(channel, 'pong', { clientTime: i, serverTime: 'now' }, 'actor-1'));
  }
  return published;
}

/** The behaviour both bus adapters must have. */
export function eventBusContract(makeFixture: () => BusFixture): void {
  let fixture: BusFixture;
  let recorders: Recorder[];

  const record = (channels: ChannelName[], cursor?: Cursor): Recorder => {
    const recorder = new Recorder(fixture.bus, channels, cursor);
    recorders.push(recorder);
    return recorder;
  };

  beforeEach(() => {
    fixture = makeFixture();
    recorders = [];
  });

  afterEach(() => {
    for (const recorder of recorders) {
      recorder.stop();
    }
  });

  it('publishes one envelope with an increasing id, the actor and an ISO timestamp', async () => {
    const channel = freshChannel();
    const [first, second] = await publishPongs(fixture.bus, channel, 1, 2);
    const envelope = JSON.parse(second.json) as EventEnvelope<'pong'>;
    expect(envelope).toEqual({
      id: second.id,
      channel,
      type: 'pong',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as string,
      userId: 'actor-1',
      data: { clientTime: 2, serverTime: 'now' },
    });
    expect(second.id > first.id || second.id.length > first.id.length).toBe(true);
    expect(second.epoch).toBe(first.epoch);
  });

  it('delivers live events of every subscribed channel, in order per channel', async () => {
    const a = freshChannel();
    const b = freshChannel();
    const recorder = record([a, b]);
    await recorder.untilOpened();
    await publishPongs(fixture.bus, a, 1, 5);
    await publishPongs(fixture.bus, b, 100, 3);
    await recorder.untilEvents(8);
    expect(payloads(recorder.events.filter((event) => event.channel === a))).toEqual([1, 2, 3, 4, 5]);
    expect(payloads(recorder.events.filter((event) => event.channel === b))).toEqual([100, 101, 102]);
  });

  it('gives every subscriber of a channel the same order', async () => {
    const channel = freshChannel();
    const first = record([channel]);
    const second = record([channel]);
    await Promise.all([first.untilOpened(), second.untilOpened()]);
    await Promise.all([publishPongs(fixture.bus, channel, 1, 10), publishPongs(fixture.bus, channel, 100, 10)]);
    await Promise.all([first.untilEvents(20), second.untilEvents(20)]);
    expect(first.events.map((event) => event.id)).toEqual(second.events.map((event) => event.id));
  });

  it('publishes one event to every channel with publishMany, each channel in its own order', async () => {
    const channels = [freshChannel(), freshChannel(), freshChannel()];
    const listeners = channels.map((channel) => record([channel]));
    await Promise.all(listeners.map((listener) => listener.untilOpened()));
    await publishPongs(fixture.bus, channels[1], 1, 1);
    const published = await fixture.bus.publishMany(channels, 'pong', { clientTime: 2, serverTime: 'now' }, 'actor-1');
    await fixture.bus.publishMany(channels, 'pong', { clientTime: 3, serverTime: 'now' }, 'actor-1');
    expect(published.map((event) => event.channel)).toEqual(channels);
    const envelopes = published.map((event) => JSON.parse(event.json) as EventEnvelope<'pong'>);
    expect(envelopes.map(({ id, channel, userId }) => ({ id, channel, userId }))).toEqual(
      published.map(({ id, channel }) => ({ id, channel, userId: 'actor-1' })),
    );
    await Promise.all(listeners.map((listener, index) => listener.untilEvents(index === 1 ? 3 : 2)));
    expect(listeners.map((listener) => payloads(listener.events))).toEqual([
      [2, 3],
      [1, 2, 3],
      [2, 3],
    ]);
  });

  it('stores what publishMany publishes, so every channel replays it', async () => {
    const channels = [freshChannel(), freshChannel()];
    const published = await fixture.bus.publishMany(channels, 'pong', { clientTime: 1, serverTime: 'now' }, 'actor-1');
    const resumed = channels.map((channel, index) => record([channel], new Map([[channel, { epoch: published[index].epoch, id: '0-0' }]])));
    await Promise.all(resumed.map((recorder) => recorder.untilEvents(1)));
    expect(resumed.map((recorder) => recorder.events.map((event) => event.id))).toEqual(published.map((event) => [event.id]));
  });

  it('starts a channel without a cursor live, at its head', async () => {
    const channel = freshChannel();
    const old = await publishPongs(fixture.bus, channel, 1, 3);
    const recorder = record([channel]);
    await recorder.untilOpened();
    expect(recorder.opened?.positions.get(channel)).toEqual({ epoch: old[2].epoch, id: old[2].id });
    await publishPongs(fixture.bus, channel, 4, 1);
    await recorder.untilEvents(1);
    expect(payloads(recorder.events)).toEqual([4]);
  });

  it('replays exactly the missed events after a cursor, in order, then continues live', async () => {
    const channel = freshChannel();
    const seen = await publishPongs(fixture.bus, channel, 1, 3);
    await publishPongs(fixture.bus, channel, 4, 10);
    const cursor: Cursor = new Map([[channel, { epoch: seen[2].epoch, id: seen[2].id }]]);
    const recorder = record([channel], cursor);
    await recorder.untilEvents(10);
    await publishPongs(fixture.bus, channel, 14, 2);
    await recorder.untilEvents(12);
    expect(payloads(recorder.events)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(recorder.opened?.resetChannels).toEqual([]);
  });

  it('loses and doubles nothing that is published while the stream opens', async () => {
    const channel = freshChannel();
    const [start] = await publishPongs(fixture.bus, channel, 0, 1);
    const cursor: Cursor = new Map([[channel, { epoch: start.epoch, id: start.id }]]);
    const publishing = publishPongs(fixture.bus, channel, 1, 40);
    const recorder = record([channel], cursor);
    await publishing;
    await recorder.untilEvents(40);
    await publishPongs(fixture.bus, channel, 41, 1);
    await recorder.untilEvents(41);
    expect(payloads(recorder.events)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
  });

  it('sends nothing again for a cursor at the head', async () => {
    const channel = freshChannel();
    const published = await publishPongs(fixture.bus, channel, 1, 3);
    const last = published[2];
    const recorder = record([channel], new Map([[channel, { epoch: last.epoch, id: last.id }]]));
    await recorder.untilOpened();
    await publishPongs(fixture.bus, channel, 4, 1);
    await recorder.untilEvents(1);
    expect(payloads(recorder.events)).toEqual([4]);
  });

  it('resets a channel whose cursor has another epoch', async () => {
    const channel = freshChannel();
    await publishPongs(fixture.bus, channel, 1, 2);
    const recorder = record([channel], new Map([[channel, { epoch: 'oldepoch', id: '1-0' }]]));
    await recorder.untilOpened();
    expect(recorder.opened?.resetChannels).toEqual([channel]);
    expect(recorder.events).toEqual([]);
  });

  it('resets a channel whose cursor is ahead of its last event, then delivers new events live', async () => {
    const channel = freshChannel();
    const [, last] = await publishPongs(fixture.bus, channel, 1, 2);
    const dash = last.id.indexOf('-');
    const oneAhead = `${last.id.slice(0, dash)}-${Number(last.id.slice(dash + 1)) + 1}`;
    for (const ahead of [oneAhead, `${Number(last.id.slice(0, dash)) + 86_400_000}-0`]) {
      const recorder = record([channel], new Map([[channel, { epoch: last.epoch, id: ahead }]]));
      await recorder.untilOpened();
      expect(recorder.opened?.resetChannels).toEqual([channel]);
      expect(recorder.opened?.positions.get(channel)).toEqual({ epoch: last.epoch, id: last.id });
    }
    // New ids are lower than the forged cursor: both streams must still get them.
    await publishPongs(fixture.bus, channel, 3, 2);
    await Promise.all(recorders.map((recorder) => recorder.untilEvents(2)));
    for (const recorder of recorders) {
      expect(payloads(recorder.events)).toEqual([3, 4]);
    }
  });

  it('resets a channel when more than the history was missed', async () => {
    const channel = freshChannel();
    const [first] = await publishPongs(fixture.bus, channel, 0, 1);
    await publishPongs(fixture.bus, channel, 1, fixture.historySize * 3 + 150);
    const recorder = record([channel], new Map([[channel, { epoch: first.epoch, id: first.id }]]));
    await recorder.untilOpened();
    expect(recorder.opened?.resetChannels).toEqual([channel]);
    expect(recorder.events).toEqual([]);
  });

  it('keeps at least the last HISTORY_SIZE events replayable', async () => {
    const channel = freshChannel();
    const published = await publishPongs(fixture.bus, channel, 0, fixture.historySize * 2);
    const from = published[published.length - fixture.historySize - 1];
    const recorder = record([channel], new Map([[channel, { epoch: from.epoch, id: from.id }]]));
    await recorder.untilEvents(fixture.historySize);
    expect(recorder.opened?.resetChannels).toEqual([]);
    expect(payloads(recorder.events)).toEqual(payloads(published.slice(-fixture.historySize)));
  });

  it('delivers ephemeral events live only, without an id, and never replays them', async () => {
    const channel = freshChannel();
    const recorder = record([channel]);
    await recorder.untilOpened();
    const [before] = await publishPongs(fixture.bus, channel, 1, 1);
    const ephemeral = await fixture.bus.publish(channel, 'pong', { clientTime: 99, serverTime: 'now' }, 'actor-1', { ephemeral: true });
    expect(ephemeral.id).toBe('');
    await recorder.untilEvents(2);
    expect(recorder.events[1].ephemeral).toBe(true);
    expect((JSON.parse(recorder.events[1].json) as EventEnvelope).id).toBe('');

    const resumed = record([channel], new Map([[channel, { epoch: before.epoch, id: '0-0' }]]));
    await resumed.untilEvents(1);
    await publishPongs(fixture.bus, channel, 2, 1);
    await resumed.untilEvents(2);
    expect(payloads(resumed.events)).toEqual([1, 2]);
  });

  it('tells onPublished hooks of each stored event as it is published, not of ephemeral ones', async () => {
    const channel = freshChannel();
    const seen: BusEvent[] = [];
    fixture.bus.onPublished((event) => {
      if (event.channel === channel) {
        seen.push(event);
      }
    });
    fixture.bus.onPublished(() => {
      throw new Error('a broken hook fails nothing');
    });
    const [stored] = await publishPongs(fixture.bus, channel, 1, 1);
    await fixture.bus.publish(channel, 'cursor.moved', { userId: 'u', x: 1, y: 2 }, 'u', { ephemeral: true });
    expect(seen).toEqual([stored]);
  });

  it('stops listening to a channel when its last subscriber leaves', async () => {
    const channel = freshChannel();
    const before = fixture.bus.activeChannels;
    const recorder = record([channel]);
    await recorder.untilOpened();
    expect(fixture.bus.activeChannels).toBe(before + 1);
    recorder.stop();
    expect(fixture.bus.activeChannels).toBe(before);
    const stream$ = subscribe(fixture.bus, [channel]).pipe(
      filter((item) => item.kind === 'event'),
      take(1),
      toArray(),
    );
    const next = firstValueFrom(stream$);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await publishPongs(fixture.bus, channel, 1, 1);
    await expect(next).resolves.toHaveLength(1);
  });
}
