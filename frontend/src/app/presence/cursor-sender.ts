import { BOARD_HEIGHT, BOARD_WIDTH } from '@contracts/boards';

import { type Throttled, throttle } from '../board/throttle';

/** The server passes on at most ten positions a second per user; sending more only costs requests. */
export const CURSOR_SEND_INTERVAL_MS = 100;

/**
 * Our pointer on the board, throttled: the first move goes at once, then at most one per
 * interval, and the latest position always goes last. Nothing is sent while the pointer
 * is outside the board.
 */
export class CursorSender {
  private readonly sender: Throttled<[number, number]>;
  private inside = false;
  private last: { x: number; y: number } | undefined;

  constructor(send: (x: number, y: number) => void, now?: () => number) {
    this.sender = throttle(
      (x: number, y: number) => {
        this.last = { x, y };
        send(x, y);
      },
      CURSOR_SEND_INTERVAL_MS,
      now,
    );
  }

  /** The pointer is at (x, y) in board coordinates. */
  move(x: number, y: number): void {
    this.inside = true;
    const position = { x: clamp(Math.round(x), BOARD_WIDTH), y: clamp(Math.round(y), BOARD_HEIGHT) };
    if (position.x === this.last?.x && position.y === this.last.y) {
      this.sender.cancel();
      return;
    }
    this.sender.call(position.x, position.y);
  }

  /** The pointer left the board: the last position over it still goes out, nothing after it. */
  leave(): void {
    if (this.inside) {
      this.inside = false;
      this.sender.flush();
    }
  }

  get isInside(): boolean {
    return this.inside;
  }

  stop(): void {
    this.inside = false;
    this.sender.cancel();
  }
}

function clamp(value: number, max: number): number {
  return Math.min(max, Math.max(0, value));
}
