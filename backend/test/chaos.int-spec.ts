import Redis from 'ioredis';
import type { BoardSnapshot, Note } from '../../contracts/boards';
import { ApiUser } from './support/api';
import { type PodProcess, startPodProcess } from './support/pod-process';
import { type RedisServer, startRedis } from './support/redis-server';
import { BoardClient } from './support/board-client';

const CLIENTS = 8;
const CHAOS_MS = 25_000;
const HISTORY_SIZE = 300;

/** Deterministic, so a failing run can be repeated. */
let seed = 12;
const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

describe('chaos: writes, disconnects, stale and forged cursors and a killed pod, over one board', () => {
  let redis: RedisServer;
  let admin: Redis;
  const pods: PodProcess[] = [];

  afterAll(async () => {
    for (const pod of pods) {
      pod.child.kill('SIGKILL');
    }
    await Promise.all(pods.map((pod) => pod.exited));
    admin?.disconnect();
    await redis?.stop();
  });

  it('leaves every client with the server state: each event once and in order, or a reset and a refetch', async () => {
    redis = await startRedis();
    admin = new Redis(redis.url);
    const env = {
      REDIS_URL: redis.url,
      WRITE_RATE_LIMIT: '100000',
      HISTORY_SIZE: String(HISTORY_SIZE),
      SSE_MAX_CONNECTIONS_PER_USER: '100',
    };
    pods.push(...(await Promise.all([startPodProcess(env), startPodProcess(env)])));
    const [podA, podB] = pods;
    let alive = [podA.url, podB.url];
    const owner = await ApiUser.register(podA.url, 'chaos');
    const board = await owner.createBoard('Chaos');
    const channel = `board:${board.id}`;
    const streamKey = `realtime:channel:{${channel}}:stream`;

    // Every id the channel ever stored, read faster than the history is trimmed.
    const stored: string[] = [];
    let recording = Promise.resolve();
    const record = (): Promise<void> =>
      (recording = recording.then(async () => {
        const from = stored.length === 0 ? '-' : `(${stored[stored.length - 1]}`;
        for (const [id] of await admin.xrange(streamKey, from, '+')) {
          stored.push(id);
        }
      }));
    const recorder = setInterval(() => void record(), 200);

    const clients = Array.from({ length: CLIENTS }, () => new BoardClient(owner, channel, board.id));
    await Promise.all(clients.map((client, i) => client.connect(alive[i % 2])));

    let writes = 0;
    let failedWrites = 0;
    let disconnects = 0;
    let running = true;
    const noteIds: string[] = [];
    const comebacks: Array<Promise<unknown>> = [];
    const writer = async (): Promise<void> => {
      while (running) {
        const api = owner.on(pick(alive)).api;
        const roll = random();
        const target = noteIds.length > 0 ? pick(noteIds) : undefined;
        const response =
          roll < 0.35 || !target
            ? await api
                .post(`/api/boards/${board.id}/notes`)
                .send({ text: `n${writes}`, x: 1, y: 1, color: 'yellow' })
                .catch(() => undefined)
            : roll < 0.9
              ? await api
                  .patch(`/api/boards/${board.id}/notes/${target}`)
                  .send({ x: writes % 1000 })
                  .catch(() => undefined)
              : await api.delete(`/api/boards/${board.id}/notes/${target}`).catch(() => undefined);
        if (response && response.status < 300) {
          writes++;
          if (response.status === 201) {
            noteIds.push((response.body as Note).id);
          }
          if (roll >= 0.9 && target) {
            noteIds.splice(noteIds.indexOf(target), 1);
          }
        } else {
          failedWrites++;
        }
      }
    };
    // Forced disconnects: some come back at once, some after the history has moved on, some with a forged cursor.
    const chaos = async (): Promise<void> => {
      while (running) {
        await new Promise((resolve) => setTimeout(resolve, 300 + random() * 400));
        const client = pick(clients);
        if (!client.up || client.away) {
          continue;
        }
        client.drop();
        disconnects++;
        const away = random() < 0.3 ? 1500 + random() * 3000 : 0;
        const forge = random() < 0.25;
        client.away = true;
        comebacks.push(
          new Promise<void>((resolve) => setTimeout(resolve, away))
            .then(() => client.connect(pick(alive), forge))
            .catch(() => undefined)
            .finally(() => (client.away = false)),
        );
      }
    };
    // Clients whose pod went away reconnect to one that is up, with their cursor.
    const healer = async (): Promise<void> => {
      while (running) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        for (const client of clients) {
          if (!client.up && !client.away) {
            await client.connect(pick(alive)).catch(() => undefined);
          }
        }
      }
    };
    const killer = async (): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, CHAOS_MS / 2));
      alive = [podA.url];
      podB.child.kill('SIGKILL');
      await podB.exited;
    };

    const loops = [writer(), writer(), chaos(), healer(), killer()];
    await new Promise((resolve) => setTimeout(resolve, CHAOS_MS));
    running = false;
    await Promise.all(loops);
    await Promise.all(comebacks);

    // Everyone back on the surviving pod, then wait for each to reach the channel's tail.
    for (const client of clients) {
      if (!client.up) {
        await client.connect(podA.url);
      }
    }
    clearInterval(recorder);
    await record();
    const tail = stored[stored.length - 1];
    for (const client of clients) {
      await client.connection!.waitFor(
        () => client.position !== undefined && compare(client.position, tail) >= 0,
        `the tail ${tail}`,
        20_000,
      );
      await client.settled();
    }

    await record();
    const server = (await owner.on(podA.url).api.get(`/api/boards/${board.id}`).expect(200)).body as BoardSnapshot;
    const serverNotes = Object.fromEntries(server.notes.map((note) => [note.id, note]));
    for (const client of clients) {
      expect(Object.fromEntries(client.notes)).toEqual(serverNotes);
      // Between resets, exactly the stored events after the segment's start, each once, in order.
      for (const segment of client.segments) {
        const from = stored.findIndex((id) => compare(id, segment.after) > 0);
        const expected = from < 0 ? [] : stored.slice(from, from + segment.ids.length);
        const gap = segment.ids.findIndex((id, at) => id !== expected[at]);
        if (gap >= 0) {
          console.log(
            `gap at ${gap}: got ${segment.ids
              .slice(gap - 3, gap + 2)
              .map((id, i) => `${id} via ${segment.via[gap - 3 + i]}`)
              .join('\n')}\nexpected ${expected.slice(gap - 3, gap + 2).join(', ')}`,
          );
        }
        expect(segment.ids).toEqual(expected);
      }
      expect(client.forgedWithoutReset).toBe(0);
    }

    const sum = (count: (client: BoardClient) => number): number => clients.reduce((total, client) => total + count(client), 0);
    console.log(
      `chaos: ${writes} writes (${failedWrites} failed or refused), ${stored.length} stored events, ${disconnects} forced disconnects, ` +
        `${sum((c) => c.connects)} connects, ${sum((c) => c.forgedResumes)} forged-cursor resumes, ${sum((c) => c.resets)} resets, ` +
        `${sum((c) => c.segments.reduce((n, s) => n + s.ids.length, 0))} events delivered, 1 pod killed; ${server.notes.length} notes agree on ${CLIENTS} clients`,
    );
    for (const client of clients) {
      client.connection?.close();
    }
  }, 120_000);
});

function compare(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  return am !== bm ? (am < bm ? -1 : 1) : as === bs ? 0 : as < bs ? -1 : 1;
}
