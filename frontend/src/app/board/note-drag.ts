import { type Throttled, throttle } from './throttle';

/** Position updates during a drag: at most 10 a second. */
export const DRAG_SEND_INTERVAL_MS = 100;
/** Pointer travel (px) before a press becomes a drag, so clicks stay clicks. */
export const DRAG_THRESHOLD_PX = 4;

export interface DragSink {
  /** Show the position now (no request). */
  show(x: number, y: number): void;
  /** Send the position to the server. */
  send(x: number, y: number): void;
}

/**
 * One drag of one note: shows every pointer move, sends them throttled, and always sends
 * the final position when the drag ends, so the server ends where the user let go.
 */
export class NoteDrag {
  private readonly sender: Throttled<[number, number]>;
  private moved = false;
  private last: { x: number; y: number };
  private sent: { x: number; y: number } | undefined;

  /** `zoom`: screen pixels per board pixel, so the note stays under the pointer on a zoomed board. */
  constructor(
    private readonly origin: { x: number; y: number; clientX: number; clientY: number },
    private readonly sink: DragSink,
    private readonly zoom = 1,
  ) {
    this.last = { x: origin.x, y: origin.y };
    this.sender = throttle((x: number, y: number) => this.send(x, y), DRAG_SEND_INTERVAL_MS);
  }

  get dragging(): boolean {
    return this.moved;
  }

  move(clientX: number, clientY: number): void {
    const dx = clientX - this.origin.clientX;
    const dy = clientY - this.origin.clientY;
    if (!this.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD_PX) {
      return;
    }
    this.moved = true;
    this.last = { x: this.origin.x + dx / this.zoom, y: this.origin.y + dy / this.zoom };
    this.sink.show(this.last.x, this.last.y);
    this.sender.call(this.last.x, this.last.y);
  }

  /** Returns whether the press was a drag (else it was a click). */
  end(clientX: number, clientY: number): boolean {
    this.move(clientX, clientY);
    this.sender.cancel();
    if (this.moved && (this.sent?.x !== this.last.x || this.sent.y !== this.last.y)) {
      this.send(this.last.x, this.last.y);
    }
    return this.moved;
  }

  private send(x: number, y: number): void {
    this.sent = { x, y };
    this.sink.send(x, y);
  }
}
