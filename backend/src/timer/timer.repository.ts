import type { BoardTimer } from '../../../contracts/facilitation';

/**
 * Port: each board's timer, changed by compare-and-set on its revision, so two commands racing
 * from two pods never both apply to the same state (the loser re-reads and decides again).
 */
export abstract class TimerRepository {
  /** Undefined for a board nobody started a timer on (or whose timer was forgotten). */
  abstract find(boardId: string): Promise<BoardTimer | undefined>;
  /** Stores `next` only while the stored revision is `expectedRevision` (0: none stored); false otherwise. */
  abstract replace(boardId: string, expectedRevision: number, next: BoardTimer): Promise<boolean>;
  abstract delete(boardId: string): Promise<void>;
}
