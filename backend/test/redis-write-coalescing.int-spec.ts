import { expect } from '@jest/globals';
import { APPEND_FOR_TEST } from './support/redis-test-scripts';
import { useRealRedisService } from './support/redis-service';

describe("the command connection's writes, one per turn of the event loop", () => {
  const redis = useRealRedisService();

  /** How many times the server read from its clients since the last reset. */
  async function serverReads(): Promise<number> {
    const stats = await redis().client.info('stats');
    return Number(/total_reads_processed:(\d+)/.exec(stats)?.[1] ?? NaN);
  }

  it('sends 200 commands issued in one turn in one read of the server, each answered in order', async () => {
    const client = redis().client;
    await client.config('RESETSTAT');
    const before = await serverReads();
    const replies = await Promise.all([
      ...Array.from({ length: 100 }, (_, i) => client.set(`coalesce:${i}`, String(i))),
      ...Array.from({ length: 100 }, (_, i) => client.get(`coalesce:${i}`)),
    ]);
    const after = await serverReads();
    expect(replies.slice(100)).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
    // The batch, plus the INFO that read the figure: without coalescing the server reads about as
    // often as it is written to, once per command.
    expect(after - before).toBeLessThanOrEqual(3);
  });

  it('keeps pipelines, transactions and scripts of the same turn whole', async () => {
    const client = redis().client;
    const [piped, transaction, scripted, plain] = await Promise.all([
      client.pipeline().set('coalesce:p', 'a').append('coalesce:p', 'b').get('coalesce:p').exec(),
      client.multi().incr('coalesce:m').incr('coalesce:m').exec(),
      APPEND_FOR_TEST.run(client, ['coalesce:s'], ['xy']),
      client.get('coalesce:p'),
    ]);
    expect(piped?.map(([, value]) => value)).toEqual(['OK', 2, 'ab']);
    expect(transaction?.map(([, value]) => value)).toEqual([1, 2]);
    expect(scripted).toEqual([2, 'xy']);
    expect(plain).toBe('ab');
  });

  it('goes on coalescing on the new socket after a reconnect', async () => {
    const client = redis().client;
    await client.client('KILL', 'TYPE', 'normal', 'SKIPME', 'no').catch(() => undefined);
    await client.ping();
    await client.config('RESETSTAT');
    const before = await serverReads();
    await Promise.all(Array.from({ length: 200 }, (_, i) => client.set(`coalesce:r${i}`, 'v')));
    expect((await serverReads()) - before).toBeLessThanOrEqual(3);
  });
});
