import { describe, expect, it } from 'vitest';

import type { AnyEventEnvelope, EventMap, EventType } from '@contracts/events';

import { accessLossMessage, lostChannel } from './access-loss';

function event<T extends EventType>(type: T, data: EventMap[T], channel = ''): AnyEventEnvelope {
  return { id: '', channel, type, timestamp: '', userId: null, data } as AnyEventEnvelope;
}

describe('lostChannel', () => {
  it('takes the channel and reason from channel.revoked', () => {
    expect(lostChannel(event('channel.revoked', { channel: 'board:b1', reason: 'removed' }), 'u1')).toEqual({
      channel: 'board:b1',
      reason: 'removed',
    });
  });

  it('names the board channel when the current user left or was removed, from either channel', () => {
    const removed = { boardId: 'b1', userId: 'u1', reason: 'removed' as const };
    expect(lostChannel(event('board.member_removed', removed, 'user:u1'), 'u1')).toEqual({ channel: 'board:b1', reason: 'removed' });
    expect(lostChannel(event('board.member_removed', { ...removed, reason: 'left' }, 'board:b1'), 'u1')).toEqual({
      channel: 'board:b1',
      reason: 'left',
    });
  });

  it('ignores someone else leaving, and everything while nobody is signed in', () => {
    const removed = { boardId: 'b1', userId: 'u2', reason: 'removed' as const };
    expect(lostChannel(event('board.member_removed', removed, 'board:b1'), 'u1')).toBeNull();
    expect(lostChannel(event('board.member_removed', { ...removed, userId: 'u1' }, 'board:b1'), undefined)).toBeNull();
  });

  it('takes a deleted board away from everyone on it', () => {
    expect(lostChannel(event('board.deleted', { boardId: 'b1' }, 'board:b1'), 'u1')).toEqual({
      channel: 'board:b1',
      reason: 'board_deleted',
    });
  });

  it('finds nothing lost in other events', () => {
    expect(lostChannel(event('note.deleted', { boardId: 'b1', noteId: 'n1' }, 'board:b1'), 'u1')).toBeNull();
  });
});

describe('accessLossMessage', () => {
  it('says why, with the board’s title', () => {
    expect(accessLossMessage('left', 'Retro')).toBe('You left “Retro”.');
    expect(accessLossMessage('removed', 'Retro')).toBe('You were removed from “Retro”.');
    expect(accessLossMessage('board_deleted', 'Retro')).toBe('“Retro” was deleted by its owner.');
  });
});
