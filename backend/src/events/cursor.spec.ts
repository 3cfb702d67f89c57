import { boardChannel } from '../../../contracts/channels';
import { formatCursor, isCanonicalId, mergeCursors, parseCursor, type Cursor } from '../../../contracts/cursor';
import { loadConfig } from '../config/app-config';
import { MemoryEventBus } from './event-bus.memory';

describe('resume cursors', () => {
  it('round-trips a canonical cursor of several channels', () => {
    const cursor: Cursor = new Map([
      ['board:b1', { epoch: 'k3x9', id: '1763790000000-0' }],
      ['user:u_1-x', { epoch: 'p2m4', id: '0-0' }],
      ['conversation:c', { epoch: 'a', id: '18446744073709551615-18446744073709551615' }],
    ]);
    const text = formatCursor(cursor);
    expect(text).toBe('board:b1@k3x9:1763790000000-0,user:u_1-x@p2m4:0-0,conversation:c@a:18446744073709551615-18446744073709551615');
    expect(parseCursor(text)).toEqual(cursor);
    expect(formatCursor(parseCursor(text)!)).toBe(text);
  });

  it.each([
    ['a leading zero in the milliseconds', 'board:b1@e1:01763790000000-0'],
    ['a leading zero in the sequence', 'board:b1@e1:1763790000000-01'],
    ['a zero padded to 0-00', 'board:b1@e1:0-00'],
    ['milliseconds past 2^64 - 1', 'board:b1@e1:18446744073709551616-0'],
    ['a sequence past 2^64 - 1', 'board:b1@e1:1-18446744073709551616'],
    ['21 digits', 'board:b1@e1:100000000000000000000-0'],
    ['a non-numeric position', 'board:b1@e1:abc-0'],
    ['a sign', 'board:b1@e1:+5-0'],
    ['a fraction', 'board:b1@e1:5.0-0'],
    ['no sequence', 'board:b1@e1:5'],
    ['an empty position', 'board:b1@e1:'],
    ['one channel twice', 'board:b1@e1:5-0,board:b1@e1:6-0'],
    ['an empty segment', 'board:b1@e1:5-0,'],
    ['no epoch', 'board:b1:5-0'],
  ])('rejects %s', (_what, text) => {
    expect(parseCursor(text)).toBeUndefined();
  });

  it('says which ids are canonical', () => {
    expect(['0-0', '1-0', '9-18446744073709551615', '18446744073709551615-0'].every(isCanonicalId)).toBe(true);
    expect(['00-0', '0-00', '-1-0', '1-', '', '1e3-0', '١-0'].some(isCanonicalId)).toBe(false);
  });

  it('drops a malformed cursor when merging instead of keeping part of it', () => {
    expect(mergeCursors('board:b1@e1:5-0', 'board:b2@e1:007-0')).toBe('board:b1@e1:5-0');
  });

  it('gives a cursor ahead of the channel tail a reset and the true tail as its start', async () => {
    const bus = new MemoryEventBus(loadConfig({ NODE_ENV: 'test', HISTORY_SIZE: '20' }));
    const last = await bus.publish('board:ahead', 'pong', { clientTime: 1, serverTime: 'now' }, null);
    const forged = parseCursor(`board:ahead@${last.epoch}:99999999999999-0`);
    const opened = await bus.open([boardChannel('ahead')], forged);
    try {
      expect(opened.resetChannels).toEqual(['board:ahead']);
      expect(opened.positions.get('board:ahead')).toEqual({ epoch: last.epoch, id: last.id });
      expect(opened.replay).toEqual([]);
    } finally {
      opened.close();
    }
  });
});
