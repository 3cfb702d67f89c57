import {
  boardChannel,
  type ChannelName,
  channelId,
  conversationChannel,
  isChannelOfKind,
  parseChannel,
  parseRoom,
  systemChannel,
  userChannel,
} from '../../../contracts/channels';
import type { EventBus } from './event-bus';

describe('channel names', () => {
  it('builds each kind as kind:id', () => {
    expect(userChannel('u1')).toBe('user:u1');
    expect(boardChannel('b-1')).toBe('board:b-1');
    expect(conversationChannel('c_1')).toBe('conversation:c_1');
    expect(systemChannel('access')).toBe('system:access');
  });

  it('parses what a client may follow into kind, id and name', () => {
    expect(parseChannel('board:0b9f6c1e-2a4d-4c3e-9d1a-5f6e7a8b9c0d')).toEqual({
      kind: 'board',
      id: '0b9f6c1e-2a4d-4c3e-9d1a-5f6e7a8b9c0d',
      channel: 'board:0b9f6c1e-2a4d-4c3e-9d1a-5f6e7a8b9c0d',
    });
    expect(parseChannel('user:u1')).toEqual({ kind: 'user', id: 'u1', channel: 'user:u1' });
    expect(parseChannel('conversation:c1')?.kind).toBe('conversation');
  });

  it.each([
    ['system:access', 'a pod-to-pod channel'],
    ['weather:today', 'an unknown kind'],
    ['board', 'no id'],
    ['board:', 'an empty id'],
    ['Board:b1', 'an upper-case kind'],
    ['board:b1:extra', 'a second separator'],
    ['board:b 1', 'a space'],
    ['board:../b1', 'path characters'],
    [`board:${'x'.repeat(65)}`, 'an id over 64 characters'],
    [' board:b1', 'leading space'],
    ['board:b1\n', 'a trailing newline'],
  ])('refuses %j (%s)', (name) => {
    expect(parseChannel(name)).toBeUndefined();
  });

  it('accepts an id of exactly 64 characters', () => {
    expect(parseChannel(`board:${'x'.repeat(64)}`)?.id).toHaveLength(64);
  });

  it('round-trips every builder through the parser', () => {
    for (const channel of [userChannel('u1'), boardChannel('b1'), conversationChannel('c1')]) {
      expect(parseChannel(channel)?.channel).toBe(channel);
    }
  });

  it('takes only board and conversation channels as rooms', () => {
    expect(parseRoom('board:b1')).toEqual({ kind: 'board', id: 'b1', channel: 'board:b1' });
    expect(parseRoom('conversation:c1')).toEqual({ kind: 'conversation', id: 'c1', channel: 'conversation:c1' });
    expect(parseRoom('user:u1')).toBeUndefined();
    expect(parseRoom('system:access')).toBeUndefined();
    expect(parseRoom('board:')).toBeUndefined();
  });

  it('reads the id back and tells kinds apart', () => {
    expect(channelId(boardChannel('b1'))).toBe('b1');
    expect(channelId(systemChannel('access'))).toBe('access');
    expect(isChannelOfKind('board:b1', 'board')).toBe(true);
    expect(isChannelOfKind('board:b1', 'user')).toBe(false);
    expect(isChannelOfKind('boardroom:b1', 'board')).toBe(false);
  });
});

// Checked by tsc, never run: what the typed bus refuses to compile.
export function publishTypeChecks(bus: EventBus): void {
  // @ts-expect-error a hand-built string is not a channel name
  const handBuilt: ChannelName = 'board:b1';
  // @ts-expect-error system channels are not client channels
  const notForClients: ChannelName = systemChannel('access');
  void handBuilt;
  void notForClients;
  // @ts-expect-error an event missing from the contracts' map
  void bus.publishMany([userChannel('u1')], 'note.crated', { note: undefined }, null);
  // @ts-expect-error a payload of the wrong event
  void bus.publishMany([userChannel('u1')], 'pong', { boardId: 'b1' }, null);
  // @ts-expect-error an event missing from the contracts' map
  void bus.publish(userChannel('u1'), 'note.crated', {}, null);
  // @ts-expect-error payloads carry room ids built by the builders, not by hand
  void bus.publish(boardChannel('b1'), 'chat.typing', { roomId: 'board:b1', userId: 'u1', until: '' }, 'u1');
}
