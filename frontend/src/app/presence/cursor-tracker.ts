import { DestroyRef, Directive, ElementRef, inject } from '@angular/core';

import { ViewportStore } from '../follow/viewport-store';
import { CursorSender } from './cursor-sender';
import { PresenceApi } from './presence-api';
import { PresenceStore } from './presence-store';

/**
 * On the board's scroll container: tells the others where our pointer is on the board
 * (board coordinates, the space notes live in), throttled, and only while it is over it.
 */
@Directive({
  selector: '[cbCursorTracker]',
  host: {
    '(pointermove)': 'trackPointer($event)',
    '(pointerleave)': 'sender.leave()',
    '(scroll)': 'trackWhileScrolling()',
  },
})
export class CursorTracker {
  private readonly element = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly presence = inject(PresenceStore);
  private readonly api = inject(PresenceApi);
  private readonly viewport = inject(ViewportStore, { optional: true });
  private lastClient: { x: number; y: number } | undefined;

  protected readonly sender = new CursorSender((x, y) => this.send(x, y));

  constructor() {
    inject(DestroyRef).onDestroy(() => this.sender.stop());
  }

  protected trackPointer(event: PointerEvent): void {
    // A finger on a touch screen is not a pointer the others need to follow.
    if (event.pointerType === 'touch') {
      return;
    }
    this.lastClient = { x: event.clientX, y: event.clientY };
    this.track();
  }

  /** Scrolling moves the board under a resting pointer. */
  protected trackWhileScrolling(): void {
    if (this.sender.isInside) {
      this.track();
    }
  }

  private track(): void {
    const client = this.lastClient;
    if (!client) {
      return;
    }
    const rect = this.element.getBoundingClientRect();
    const left = client.x - rect.left;
    const top = client.y - rect.top;
    // Over a scrollbar is not over the board.
    if (left < 0 || top < 0 || left >= this.element.clientWidth || top >= this.element.clientHeight) {
      this.sender.leave();
      return;
    }
    const zoom = this.viewport?.zoom() ?? 1;
    this.sender.move((left + this.element.scrollLeft) / zoom, (top + this.element.scrollTop) / zoom);
  }

  private send(x: number, y: number): void {
    const boardId = this.presence.boardId;
    if (boardId) {
      // Best effort: a lost position is replaced by the next one.
      this.api.cursor(boardId, { x, y }).subscribe({ error: () => undefined });
    }
  }
}
