import type { VoteView } from '@contracts/facilitation';

/** A running anonymous vote as the server sends it, started by someone else (`u2`); override what a spec is about. */
export function voteView(changes: Partial<VoteView> = {}): VoteView {
  return {
    id: 'v1',
    boardId: 'b1',
    status: 'running',
    dotsPerUser: 3,
    anonymous: true,
    startedBy: 'u2',
    startedAt: '2026-12-03T10:00:00.000Z',
    revision: 1,
    totalDots: 0,
    voters: 0,
    myDots: {},
    ...changes,
  };
}
