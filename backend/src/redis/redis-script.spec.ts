import { arrayOf, either, isInteger, isNull, isString, oneOf, tuple } from './redis-reply';
import { defineScript, ScriptReplyError } from './redis-script';

describe('script reply checks', () => {
  const history = either(tuple(oneOf('ok'), arrayOf(tuple(isString, arrayOf(isString)))), tuple(oneOf('epoch')));

  it('accepts the shapes a script is declared to return', () => {
    expect(history(['ok', [['1-0', ['t', 'note.created']]]])).toBe(true);
    expect(history(['ok', []])).toBe(true);
    expect(history(['epoch'])).toBe(true);
    expect(either(isString, isNull)(null)).toBe(true);
    expect(tuple(isInteger, isInteger)([3, 1200])).toBe(true);
  });

  it('refuses anything else, down to one element of one entry', () => {
    expect(history(['ok'])).toBe(false);
    expect(history(['ok', [['1-0', ['t', 7]]]])).toBe(false);
    expect(history(['trimmed'])).toBe(false);
    expect(history(['epoch', 'extra'])).toBe(false);
    expect(oneOf(0, 1)('1')).toBe(false);
    expect(isInteger(1.5)).toBe(false);
    expect(either(isString, isNull)(undefined)).toBe(false);
  });

  it('names the script and shows the reply when a check fails', () => {
    const script = defineScript({ name: 'spec.check', keys: 0, reply: oneOf('done'), lua: 'return 1' });
    expect(() => script.check([1, 'x'])).toThrow(new ScriptReplyError('spec.check', [1, 'x']));
    expect(() => script.check([1, 'x'])).toThrow('Redis script "spec.check" replied with an unexpected shape: [1,"x"]');
    expect(script.check('done')).toBe('done');
  });

  it('refuses a second script under a name already taken by other Lua', () => {
    defineScript({ name: 'spec.twice', keys: 0, reply: isInteger, lua: 'return 1' });
    expect(() => defineScript({ name: 'spec.twice', keys: 0, reply: isInteger, lua: 'return 2' })).toThrow(
      'Redis script "spec.twice" is defined twice with different Lua',
    );
  });
});
