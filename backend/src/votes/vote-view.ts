import type { EventMap } from '../../../contracts/events';
import type { DotCounts, VoteView } from '../../../contracts/facilitation';
import type { VoteRecord } from './votes.repository';

/**
 * The vote as one member sees it: their own dots, and per-note totals only when everyone may see
 * them (a named vote, or any vote once it ended). An anonymous running vote shows only totals.
 */
export function voteView(vote: VoteRecord, myDots: DotCounts, results: DotCounts): VoteView {
  const view: VoteView = {
    id: vote.id,
    boardId: vote.boardId,
    status: vote.status,
    dotsPerUser: vote.dotsPerUser,
    anonymous: vote.anonymous,
    startedBy: vote.startedBy,
    startedAt: vote.startedAt,
    revision: vote.revision,
    totalDots: vote.totalDots,
    voters: vote.voters,
    myDots: { ...myDots },
  };
  if (vote.endedAt !== undefined) {
    view.endedAt = vote.endedAt;
  }
  if (resultsVisible(vote)) {
    view.results = { ...results };
  }
  return view;
}

export function resultsVisible(vote: Pick<VoteRecord, 'status' | 'anonymous'>): boolean {
  return vote.status === 'ended' || !vote.anonymous;
}

/** The board's event for a dot placed or taken back: who and where only for a named vote. */
export function dotsChangedEvent(vote: VoteRecord, userId: string, noteId: string, noteTotal: number): EventMap['vote.dots_changed'] {
  const totals = { boardId: vote.boardId, voteId: vote.id, revision: vote.revision, totalDots: vote.totalDots, voters: vote.voters };
  return vote.anonymous ? totals : { ...totals, noteId, noteTotal, userId };
}
