import type { DotCounts, VoteStatus } from '../../../contracts/facilitation';

/** A vote as stored: the counts everyone may see; who placed which dot is kept beside it. */
export interface VoteRecord {
  id: string;
  boardId: string;
  status: VoteStatus;
  dotsPerUser: number;
  anonymous: boolean;
  startedBy: string;
  startedAt: string;
  endedAt?: string;
  /** Increases with every change on the board's votes, across votes (a new vote continues it). */
  revision: number;
  totalDots: number;
  voters: number;
}

export type NewVote = Pick<VoteRecord, 'id' | 'boardId' | 'dotsPerUser' | 'anonymous' | 'startedBy' | 'startedAt'>;

/** The vote with one member's dots and every note's total, read in one step. */
export interface VoteSnapshot {
  vote: VoteRecord;
  myDots: DotCounts;
  results: DotCounts;
}

export type StartOutcome = { kind: 'started'; vote: VoteRecord } | { kind: 'running'; vote: VoteRecord };

export type DotOutcome =
  | { kind: 'ok'; snapshot: VoteSnapshot; noteTotal: number }
  | { kind: 'missing' }
  | { kind: 'ended'; voteId: string }
  /** Placing: the member has all their dots on notes already. */
  | { kind: 'no_dots_left'; dotsPerUser: number }
  /** Taking back: the member has no dot on that note. */
  | { kind: 'no_dot_here' };

export type EndOutcome = { kind: 'ended'; vote: VoteRecord; results: DotCounts } | { kind: 'missing' } | { kind: 'already_ended' };

/**
 * Port: one vote per board. Every change is one atomic step in storage, so a member's dots never
 * exceed dotsPerUser however many requests race from however many pods, and totals always agree
 * with the members' dots.
 */
export abstract class VotesRepository {
  /** Starts a vote unless one is running; an ended one (and its dots) is replaced. */
  abstract start(vote: NewVote): Promise<StartOutcome>;
  /** The board's vote with `userId`'s dots; undefined when there is none. */
  abstract find(boardId: string, userId: string): Promise<VoteSnapshot | undefined>;
  /** One dot more (+1) or fewer (-1) from the member on the note, while the vote runs. */
  abstract changeDots(boardId: string, userId: string, noteId: string, delta: 1 | -1): Promise<DotOutcome>;
  /** Ends the vote `voteId` (a newer one is left alone: 'missing'). */
  abstract end(boardId: string, voteId: string, endedAt: string): Promise<EndOutcome>;
  /** Removes the vote `voteId` with its dots, running or ended; false when it is not the board's vote. */
  abstract clear(boardId: string, voteId: string): Promise<boolean>;
  /** Everything of the board's votes, revision counter included. */
  abstract deleteBoard(boardId: string): Promise<void>;
}
