import { describe, expect, it } from 'vitest';

import type { Board } from '@contracts/boards';

import { withoutBoard, withoutMember } from './membership';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice', role: 'owner' as const };
const bob = { id: 'u2', username: 'bob', displayName: 'Bob', role: 'editor' as const };
const retro: Board = { id: 'b1', title: 'Retro', ownerId: 'u1', members: [alice, bob], createdAt: '' };
const roadmap: Board = { id: 'b2', title: 'Roadmap', ownerId: 'u2', members: [bob], createdAt: '' };

describe('membership transitions', () => {
  it('takes a member off a board without touching the original', () => {
    expect(withoutMember(retro, 'u2').members).toEqual([alice]);
    expect(retro.members).toEqual([alice, bob]);
  });

  it('keeps the same board when the member was not on it (nothing to re-render, e.g. a replayed event)', () => {
    expect(withoutMember(retro, 'u9')).toBe(retro);
  });

  it('takes a board off the list, and keeps the same list when it was not listed', () => {
    const boards = [retro, roadmap];
    expect(withoutBoard(boards, 'b1')).toEqual([roadmap]);
    expect(withoutBoard(boards, 'b9')).toBe(boards);
  });
});
