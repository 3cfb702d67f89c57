import { describe, expect, it } from 'vitest';

import type { VoteView } from '@contracts/facilitation';

import { voteEnded } from './vote-news';

const view = (changes: Partial<VoteView> = {}): VoteView => ({
  id: 'v1',
  boardId: 'b1',
  status: 'running',
  dotsPerUser: 3,
  anonymous: false,
  startedBy: 'u2',
  startedAt: '2026-12-03T10:00:00.000Z',
  revision: 1,
  totalDots: 0,
  voters: 0,
  myDots: {},
  ...changes,
});

describe('voteEnded', () => {
  it('is news when the running vote ends', () => {
    expect(voteEnded(view(), view({ status: 'ended', revision: 2 }))).toBe(true);
  });

  it('is no news for a second ended event, a new vote, a cleared one or nothing known before', () => {
    expect(voteEnded(view({ status: 'ended' }), view({ status: 'ended', revision: 3 }))).toBe(false);
    expect(voteEnded(view({ status: 'ended' }), view({ id: 'v2' }))).toBe(false);
    expect(voteEnded(view(), view({ id: 'v2', status: 'ended' }))).toBe(false);
    expect(voteEnded(view(), null)).toBe(false);
    expect(voteEnded(null, view({ status: 'ended' }))).toBe(false);
  });
});
