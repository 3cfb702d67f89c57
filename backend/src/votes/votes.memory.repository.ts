import type { DotCounts } from '../../../contracts/facilitation';
import {
  type DotOutcome,
  type EndOutcome,
  type NewVote,
  type StartOutcome,
  type VoteRecord,
  VotesRepository,
  type VoteSnapshot,
} from './votes.repository';

interface BoardVotes {
  /** The board's revision counter outlives its votes, so revisions never go back. */
  revision: number;
  vote?: VoteRecord;
  mine: Map<string, DotCounts>;
  results: DotCounts;
}

/** Every method runs to completion without awaiting, so each change is atomic within the process. */
export class MemoryVotesRepository extends VotesRepository {
  private readonly boards = new Map<string, BoardVotes>();

  async start(vote: NewVote): Promise<StartOutcome> {
    const board = this.board(vote.boardId);
    if (board.vote?.status === 'running') {
      return { kind: 'running', vote: { ...board.vote } };
    }
    board.revision += 1;
    board.vote = { ...vote, status: 'running', revision: board.revision, totalDots: 0, voters: 0 };
    board.mine.clear();
    board.results = {};
    return { kind: 'started', vote: { ...board.vote } };
  }

  async find(boardId: string, userId: string): Promise<VoteSnapshot | undefined> {
    const board = this.boards.get(boardId);
    return board?.vote && this.snapshot(board, board.vote, userId);
  }

  async changeDots(boardId: string, userId: string, noteId: string, delta: 1 | -1): Promise<DotOutcome> {
    const board = this.boards.get(boardId);
    const vote = board?.vote;
    if (!board || !vote) {
      return { kind: 'missing' };
    }
    if (vote.status !== 'running') {
      return { kind: 'ended', voteId: vote.id };
    }
    const mine = board.mine.get(userId) ?? {};
    const used = Object.values(mine).reduce((sum, dots) => sum + dots, 0);
    const onNote = mine[noteId] ?? 0;
    if (delta > 0 && used >= vote.dotsPerUser) {
      return { kind: 'no_dots_left', dotsPerUser: vote.dotsPerUser };
    }
    if (delta < 0 && onNote === 0) {
      return { kind: 'no_dot_here' };
    }
    setCount(mine, noteId, onNote + delta);
    if (used + delta === 0) {
      board.mine.delete(userId);
    } else {
      board.mine.set(userId, mine);
    }
    const noteTotal = (board.results[noteId] ?? 0) + delta;
    setCount(board.results, noteId, noteTotal);
    board.revision += 1;
    Object.assign(vote, { revision: board.revision, totalDots: vote.totalDots + delta, voters: board.mine.size });
    return { kind: 'ok', snapshot: this.snapshot(board, vote, userId), noteTotal };
  }

  async end(boardId: string, voteId: string, endedAt: string): Promise<EndOutcome> {
    const board = this.boards.get(boardId);
    const vote = board?.vote;
    if (!board || vote?.id !== voteId) {
      return { kind: 'missing' };
    }
    if (vote.status !== 'running') {
      return { kind: 'already_ended' };
    }
    board.revision += 1;
    Object.assign(vote, { status: 'ended', endedAt, revision: board.revision });
    return { kind: 'ended', vote: { ...vote }, results: { ...board.results } };
  }

  async clear(boardId: string, voteId: string): Promise<boolean> {
    const board = this.boards.get(boardId);
    if (!board || board.vote?.id !== voteId) {
      return false;
    }
    board.revision += 1;
    board.vote = undefined;
    board.mine.clear();
    board.results = {};
    return true;
  }

  async deleteBoard(boardId: string): Promise<void> {
    this.boards.delete(boardId);
  }

  private board(boardId: string): BoardVotes {
    let board = this.boards.get(boardId);
    if (!board) {
      board = { revision: 0, mine: new Map(), results: {} };
      this.boards.set(boardId, board);
    }
    return board;
  }

  private snapshot(board: BoardVotes, vote: VoteRecord, userId: string): VoteSnapshot {
    return { vote: { ...vote }, myDots: { ...board.mine.get(userId) }, results: { ...board.results } };
  }
}

/** A note with no dots is left out, so counts compare equal however they got to zero. */
function setCount(counts: DotCounts, noteId: string, count: number): void {
  if (count > 0) {
    counts[noteId] = count;
  } else {
    delete counts[noteId];
  }
}
