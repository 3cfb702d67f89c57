import { HEAD, HISTORY, PUBLISH } from '../src/events/redis-scripts';
import { oneOf } from '../src/redis/redis-reply';
import { defineScript, ScriptReplyError } from '../src/redis/redis-script';
import { useRealRedisService } from './support/redis-service';
import { APPEND_FOR_TEST as APPEND } from './support/redis-test-scripts';

// The Lua answers a number where its callers expect a word: the checker must refuse it.
const DRIFTED = defineScript({
  name: 'test.drifted',
  keys: 0,
  reply: oneOf('done'),
  lua: `return 42`,
});

describe('RedisScript against a real Redis', () => {
  const redis = useRealRedisService();

  /** How often the server ran a command since the last reset. */
  async function calls(command: 'eval' | 'evalsha'): Promise<number> {
    const stats = await redis().client.info('commandstats');
    return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
  }

  it('runs the script with its keys and arguments and returns the checked reply', async () => {
    expect(await APPEND.run(redis().client, ['script:append'], ['ab'])).toEqual([2, 'ab']);
    expect(await APPEND.run(redis().client, ['script:append'], ['cd'])).toEqual([4, 'abcd']);
  });

  it('sends the script text once per connection and its SHA after that', async () => {
    const other = redis().createConnection('script-test');
    await other.connect();
    await redis().client.config('RESETSTAT');
    await APPEND.run(other, ['script:sha'], ['x']);
    await APPEND.run(other, ['script:sha'], ['y']);
    await APPEND.run(other, ['script:sha'], ['z']);
    expect(await calls('eval')).toBe(1);
    expect(await calls('evalsha')).toBe(2);
  });

  it('keeps working after Redis forgot its scripts (restart, SCRIPT FLUSH)', async () => {
    await APPEND.run(redis().client, ['script:flush'], ['a']);
    await redis().client.script('FLUSH');
    expect(await APPEND.run(redis().client, ['script:flush'], ['b'])).toEqual([2, 'ab']);
    await redis().client.config('RESETSTAT');
    expect(await APPEND.run(redis().client, ['script:flush'], ['c'])).toEqual([3, 'abc']);
    expect(await calls('evalsha')).toBe(1);
    expect(await calls('eval')).toBe(0);
  });

  it('refuses a reply of the wrong shape with an error naming the script', async () => {
    const attempt = DRIFTED.run(redis().client, []);
    await expect(attempt).rejects.toThrow(ScriptReplyError);
    await expect(DRIFTED.run(redis().client, [])).rejects.toThrow('Redis script "test.drifted" replied with an unexpected shape: 42');
  });

  it('refuses the wrong number of keys before anything reaches Redis', async () => {
    await redis().client.config('RESETSTAT');
    await expect(APPEND.run(redis().client, [], ['x'])).rejects.toThrow('Redis script "test.append" takes 1 key(s), got 0');
    await expect(APPEND.run(redis().client, ['a', 'b'], ['x'])).rejects.toThrow('takes 1 key(s), got 2');
    expect((await calls('eval')) + (await calls('evalsha'))).toBe(0);
  });

  it('queues on a pipeline of a prepared client, replies checked one by one', async () => {
    APPEND.prepare(redis().client);
    const pipeline = redis().client.pipeline();
    APPEND.queue(pipeline, ['script:pipe'], ['1']);
    APPEND.queue(pipeline, ['script:pipe'], ['2']);
    const replies = (await pipeline.exec()) ?? [];
    expect(replies.map(([error, reply]) => (error ? error : APPEND.check(reply)))).toEqual([
      [1, '1'],
      [2, '12'],
    ]);
    expect(() => DRIFTED.check(replies[0][1])).toThrow(ScriptReplyError);
  });

  it('says what is missing when a pipeline comes from a client the script was never prepared on', async () => {
    const fresh = redis().createConnection('script-unprepared');
    await fresh.connect();
    expect(() => DRIFTED.queue(fresh.pipeline(), [])).toThrow('Redis script "test.drifted" is not defined on this pipeline');
  });

  describe('event bus scripts', () => {
    const keys = ['realtime:channel:{board:s}:stream', 'realtime:channel:{board:s}:epoch'];

    it('publish, head and history replies pass their checks', async () => {
      const [epoch, id] = await PUBLISH.run(redis().client, keys, ['e1', '0', 100, 'realtime:channel:{board:s}', 'note.created', '{}']);
      expect(await HEAD.run(redis().client, keys, ['ignored', '0'])).toEqual([epoch, id]);
      expect(await HISTORY.run(redis().client, keys, ['ignored', '0', epoch, '0-0', 10])).toEqual([
        'ok',
        [[id, ['t', 'note.created', 'r', '{}']]],
      ]);
      expect(await HISTORY.run(redis().client, keys, ['ignored', '0', 'another', '0-0', 10])).toEqual(['epoch']);
    });
  });
});
