import { dotsChangedEvent, voteView } from './vote-view';
import type { VoteRecord } from './votes.repository';

const vote = (fields: Partial<VoteRecord> = {}): VoteRecord => ({
  id: 'v1',
  boardId: 'b1',
  status: 'running',
  dotsPerUser: 3,
  anonymous: false,
  startedBy: 'u1',
  startedAt: '2026-01-01T10:00:00.000Z',
  revision: 7,
  totalDots: 4,
  voters: 2,
  ...fields,
});

describe('what a member sees of a vote', () => {
  it('shows a named vote’s per-note totals while it runs', () => {
    expect(voteView(vote(), { n1: 1 }, { n1: 3, n2: 1 })).toEqual({ ...vote(), myDots: { n1: 1 }, results: { n1: 3, n2: 1 } });
  });

  it('hides an anonymous vote’s per-note totals until it ends, but shows the member their own dots', () => {
    const running = voteView(vote({ anonymous: true }), { n1: 1 }, { n1: 3, n2: 1 });
    expect(running.results).toBeUndefined();
    expect(running).toEqual(expect.objectContaining({ myDots: { n1: 1 }, totalDots: 4, voters: 2 }));
    const ended = voteView(vote({ anonymous: true, status: 'ended', endedAt: '2026-01-01T10:05:00.000Z' }), {}, { n1: 3, n2: 1 });
    expect(ended).toEqual(expect.objectContaining({ status: 'ended', endedAt: '2026-01-01T10:05:00.000Z', results: { n1: 3, n2: 1 } }));
  });

  it('tells the board who dotted which note only in a named vote', () => {
    expect(dotsChangedEvent(vote(), 'u2', 'n1', 3)).toEqual({
      boardId: 'b1',
      voteId: 'v1',
      revision: 7,
      totalDots: 4,
      voters: 2,
      noteId: 'n1',
      noteTotal: 3,
      userId: 'u2',
    });
    expect(Object.keys(dotsChangedEvent(vote({ anonymous: true }), 'u2', 'n1', 3)).sort()).toEqual([
      'boardId',
      'revision',
      'totalDots',
      'voteId',
      'voters',
    ]);
  });
});
