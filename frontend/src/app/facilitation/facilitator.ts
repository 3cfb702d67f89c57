import { canEditNotes, roleOf } from '@contracts/boards';
import type { Board } from '@contracts/boards';
import type { VoteView } from '@contracts/facilitation';

/** Editors and the owner start votes and run the timer; viewers only vote. */
export function canFacilitate(board: Board | null, userId: string | undefined): boolean {
  return board !== null && canEditNotes(roleOf(board, userId));
}

/** Whoever started the vote, or the board's owner, ends or clears it. */
export function canCloseVote(vote: VoteView | null, board: Board | null, userId: string | undefined): boolean {
  return vote !== null && userId !== undefined && (vote.startedBy === userId || board?.ownerId === userId);
}
