import type { DotCounts, VoteView } from '@contracts/facilitation';
import type { EventMap } from '@contracts/events';

/**
 * The board's vote as this user knows it. The vote's shared part (totals, results, status) and
 * the user's own dots come from different places (board channel vs user channel and our own
 * answers), so each keeps the revision it was last taken at: neither is ever set back.
 */
export interface VoteModel {
  vote: VoteView | null;
  /** Revision the shown `vote.myDots` belongs to. */
  myRevision: number;
}

export const NO_VOTE: VoteModel = { vote: null, myRevision: 0 };

/**
 * A whole view: `mine` when it answered one of our requests (its myDots are ours); views from
 * the board channel carry no one's dots, so ours are kept.
 */
export function viewApplied(model: VoteModel, view: VoteView, mine: boolean): VoteModel {
  const current = model.vote;
  if (current && current.id !== view.id) {
    // A late event of an older vote never replaces the newer one.
    return view.startedAt < current.startedAt
      ? model
      : { vote: mine ? view : { ...view, myDots: {} }, myRevision: mine ? view.revision : 0 };
  }
  if (!current) {
    return { vote: mine ? view : { ...view, myDots: {} }, myRevision: mine ? view.revision : 0 };
  }
  const shared = view.revision > current.revision ? view : current;
  const ownNewer = mine && view.revision > model.myRevision;
  return {
    vote: { ...shared, myDots: ownNewer ? view.myDots : current.myDots },
    myRevision: ownNewer ? view.revision : model.myRevision,
  };
}

export function dotsChanged(model: VoteModel, event: EventMap['vote.dots_changed']): VoteModel {
  const vote = model.vote;
  if (!vote || vote.id !== event.voteId || event.revision <= vote.revision) {
    return model;
  }
  const results =
    event.noteId !== undefined && event.noteTotal !== undefined
      ? withCount(vote.results ?? {}, event.noteId, event.noteTotal)
      : vote.results;
  return {
    ...model,
    vote: { ...vote, revision: event.revision, totalDots: event.totalDots, voters: event.voters, ...(results ? { results } : {}) },
  };
}

export function myDotsChanged(model: VoteModel, event: EventMap['vote.my_dots']): VoteModel {
  const vote = model.vote;
  if (!vote || vote.id !== event.voteId || event.revision <= model.myRevision) {
    return model;
  }
  return { vote: { ...vote, myDots: event.myDots }, myRevision: event.revision };
}

export function voteCleared(model: VoteModel, voteId: string): VoteModel {
  return model.vote?.id === voteId ? NO_VOTE : model;
}

export function dotsUsed(vote: VoteView | null): number {
  return vote ? Object.values(vote.myDots).reduce((sum, count) => sum + count, 0) : 0;
}

export function dotsLeft(vote: VoteView | null): number {
  return vote ? Math.max(0, vote.dotsPerUser - dotsUsed(vote)) : 0;
}

export interface RankedNote {
  noteId: string;
  dots: number;
}

/** Notes with at least one dot, most dots first (ties keep a stable order by id). */
export function ranked(results: DotCounts | undefined): RankedNote[] {
  return Object.entries(results ?? {})
    .filter(([, dots]) => dots > 0)
    .map(([noteId, dots]) => ({ noteId, dots }))
    .sort((a, b) => b.dots - a.dots || a.noteId.localeCompare(b.noteId));
}

function withCount(counts: DotCounts, noteId: string, count: number): DotCounts {
  const next = { ...counts };
  if (count > 0) {
    next[noteId] = count;
  } else {
    delete next[noteId];
  }
  return next;
}
