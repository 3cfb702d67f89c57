import { describe, expect, it } from 'vitest';

import type { Board, BoardInvitation, InviteLink } from '@contracts/boards';

import { expiresIn, liveLinks, withInvitation, withMember, withRoleChanged } from './roles';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice', role: 'owner' as const };
const bob = { id: 'u2', username: 'bob', displayName: 'Bob', role: 'editor' as const };
const board: Board = { id: 'b1', title: 'Retro', ownerId: 'u1', members: [alice, bob], createdAt: '' };

function invitation(id: string, status: BoardInvitation['status'] = 'pending', createdAt = '2026-01-01T00:00:00Z'): BoardInvitation {
  return { id, boardId: 'b1', boardTitle: 'Retro', role: 'editor', invitee: bob, invitedBy: alice, status, createdAt };
}

describe('role transitions', () => {
  it('changes a member’s role, and moves ownership with a transfer', () => {
    const viewer = withRoleChanged(board, { boardId: 'b1', userId: 'u2', role: 'viewer', ownerId: 'u1' });
    expect(viewer.members.map((member) => member.role)).toEqual(['owner', 'viewer']);

    const transferred = withRoleChanged(withRoleChanged(board, { boardId: 'b1', userId: 'u2', role: 'owner', ownerId: 'u2' }), {
      boardId: 'b1',
      userId: 'u1',
      role: 'editor',
      ownerId: 'u2',
    });
    expect(transferred.ownerId).toBe('u2');
    expect(transferred.members.map((member) => member.role)).toEqual(['editor', 'owner']);
  });

  it('keeps the same board when a change is replayed or concerns no member', () => {
    expect(withRoleChanged(board, { boardId: 'b1', userId: 'u2', role: 'editor', ownerId: 'u1' })).toBe(board);
    expect(withRoleChanged(board, { boardId: 'b1', userId: 'u9', role: 'viewer', ownerId: 'u1' })).toBe(board);
  });

  it('adds a member once, with their role', () => {
    const carol = { id: 'u3', username: 'carol', displayName: 'Carol' };
    const joined = withMember(board, carol, 'viewer');
    expect(joined.members.at(-1)).toEqual({ ...carol, role: 'viewer' });
    expect(withMember(joined, carol, 'viewer')).toBe(joined);
  });
});

describe('pending invitations', () => {
  it('adds and replaces pending ones, oldest first, and drops any other status', () => {
    const later = invitation('i2', 'pending', '2026-01-02T00:00:00Z');
    let list = withInvitation([later], invitation('i1'));
    expect(list.map((known) => known.id)).toEqual(['i1', 'i2']);

    list = withInvitation(list, { ...invitation('i1'), role: 'viewer' });
    expect(list).toHaveLength(2);
    expect(list[0].role).toBe('viewer');

    for (const status of ['accepted', 'declined', 'cancelled'] as const) {
      expect(withInvitation(list, invitation('i1', status)).map((known) => known.id)).toEqual(['i2']);
    }
    expect(withInvitation(list, invitation('i9', 'declined'))).toBe(list);
  });
});

describe('invite links', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const link = (id: string, expiresAt: string, uses = 0, maxUses?: number): InviteLink => ({
    id,
    boardId: 'b1',
    role: 'viewer',
    createdBy: 'u1',
    createdAt: '',
    expiresAt,
    uses,
    ...(maxUses === undefined ? {} : { maxUses }),
  });

  it('lists only links that can still be used', () => {
    const links = [
      link('live', '2026-01-02T00:00:00Z', 3),
      link('expired', '2026-01-01T11:59:59Z'),
      link('used-up', '2026-01-02T00:00:00Z', 5, 5),
      link('room-left', '2026-01-02T00:00:00Z', 4, 5),
    ];
    expect(liveLinks(links, now).map((known) => known.id)).toEqual(['live', 'room-left']);
  });

  it('says how long a link has left, in whole units rounded down', () => {
    expect(expiresIn('2026-01-01T12:30:00Z', now, 'en')).toBe('in 30 minutes');
    expect(expiresIn('2026-01-01T15:59:00Z', now, 'en')).toBe('in 3 hours');
    expect(expiresIn('2026-01-02T12:00:00Z', now, 'en')).toBe('tomorrow');
    expect(expiresIn('2026-01-31T12:00:00Z', now, 'en')).toBe('in 30 days');
    expect(expiresIn('2026-01-01T11:00:00Z', now, 'en')).toBe('expired');
  });

  it('still counts the last minute as time left', () => {
    expect(expiresIn('2026-01-01T12:00:20Z', now, 'en')).toBe('in 1 minute');
  });

  it('says it in the reader’s language', () => {
    expect(expiresIn('2026-01-01T15:00:00Z', now, 'de')).toBe('in 3 Stunden');
    expect(expiresIn('2026-01-04T12:00:00Z', now, 'ar')).toBe('خلال 3 أيام');
  });
});
