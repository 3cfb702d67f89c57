import { Directive, ElementRef, inject } from '@angular/core';

import { stepZoom } from './viewport-math';
import { ViewportStore } from './viewport-store';

/** Pointer travel (px) before a press on the empty board becomes a pan, so double-clicks still add notes. */
const PAN_THRESHOLD_PX = 4;
/** Keyboard pan step, in screen pixels. */
const KEY_PAN_PX = 80;

interface Pan {
  pointerId: number;
  startX: number;
  startY: number;
  left: number;
  top: number;
  moving: boolean;
}

/**
 * Pan and zoom on the board's scroll container: Ctrl/Cmd+wheel and trackpad pinch zoom around the
 * pointer, two-finger touch pinch too; plain wheel scrolls as usual; dragging the empty board (or any
 * drag with the middle button or Space held) pans; with the board focused, + − 0 zoom and the arrows pan.
 * Each of these is the user's own move, so it stops following someone.
 */
@Directive({
  selector: '[cbPanZoom]',
  host: {
    '(wheel)': 'wheel($event)',
    '(pointerdown)': 'press($event)',
    '(pointermove)': 'drag($event)',
    '(pointerup)': 'release($event)',
    '(pointercancel)': 'release($event)',
    '(keydown)': 'key($event)',
    '(document:keydown.space)': 'space($event, true)',
    '(document:keyup.space)': 'space($event, false)',
    '(window:blur)': 'spaceUp()',
  },
})
export class PanZoom {
  private readonly element = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly viewport = inject(ViewportStore);
  private readonly touches = new Map<number, { x: number; y: number }>();
  private pinchDistance = 0;
  protected pan: Pan | undefined;
  protected spaceHeld = false;

  protected wheel(event: WheelEvent): void {
    if (event.ctrlKey || event.metaKey) {
      // Chrome sends a trackpad pinch as ctrl+wheel with small deltas; a mouse notch is about 100.
      event.preventDefault();
      const delta = Math.max(-100, Math.min(100, event.deltaMode === 1 ? event.deltaY * 33 : event.deltaY));
      this.viewport.zoomTo(this.viewport.zoom() * Math.pow(1.0025, -delta), this.offset(event));
      return;
    }
    this.viewport.stop();
  }

  protected press(event: PointerEvent): void {
    if (event.pointerType === 'touch') {
      this.touches.set(event.pointerId, { x: event.clientX, y: event.clientY });
      this.pinchDistance = this.touchDistance();
      return;
    }
    const empty = event.button === 0 && (isEmptyBoard(event.target, this.element) || this.spaceHeld);
    if (!empty && event.button !== 1) {
      return;
    }
    if (event.button === 1) {
      event.preventDefault(); // no autoscroll
    }
    this.pan = {
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      left: this.element.scrollLeft,
      top: this.element.scrollTop,
      moving: false,
    };
  }

  protected drag(event: PointerEvent): void {
    if (event.pointerType === 'touch') {
      this.pinch(event);
      return;
    }
    const pan = this.pan;
    if (!pan || pan.pointerId !== event.pointerId) {
      return;
    }
    const dx = event.clientX - pan.startX;
    const dy = event.clientY - pan.startY;
    if (!pan.moving) {
      if (Math.hypot(dx, dy) < PAN_THRESHOLD_PX) {
        return;
      }
      // Captured only once it is a pan: capturing on press would retarget the double-click that adds a note.
      pan.moving = true;
      this.element.classList.add('panning');
      this.element.setPointerCapture?.(event.pointerId);
      this.viewport.stop();
    }
    this.element.scrollLeft = pan.left - dx;
    this.element.scrollTop = pan.top - dy;
  }

  protected release(event: PointerEvent): void {
    if (event.type === 'pointercancel' && event.pointerType === 'touch') {
      // The browser took the touch for its own scrolling: the user pans, so they stop following.
      this.viewport.stop();
    }
    this.touches.delete(event.pointerId);
    if (this.pan?.pointerId === event.pointerId) {
      this.pan = undefined;
      this.element.classList.remove('panning');
    }
  }

  protected key(event: KeyboardEvent): void {
    // Only the board itself: keys in a note or a field are theirs.
    if (event.target !== this.element || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    const pan: Record<string, [number, number]> = {
      ArrowLeft: [-KEY_PAN_PX, 0],
      ArrowRight: [KEY_PAN_PX, 0],
      ArrowUp: [0, -KEY_PAN_PX],
      ArrowDown: [0, KEY_PAN_PX],
    };
    if (event.key in pan) {
      event.preventDefault();
      this.viewport.stop();
      const [dx, dy] = pan[event.key];
      this.element.scrollLeft += dx;
      this.element.scrollTop += dy;
    } else if (event.key === '+' || event.key === '=') {
      event.preventDefault();
      this.viewport.zoomTo(stepZoom(this.viewport.zoom(), 1));
    } else if (event.key === '-' || event.key === '_') {
      event.preventDefault();
      this.viewport.zoomTo(stepZoom(this.viewport.zoom(), -1));
    } else if (event.key === '0') {
      event.preventDefault();
      this.viewport.zoomTo(1);
    }
  }

  protected space(event: Event, down: boolean): void {
    if (isTyping(event.target)) {
      return;
    }
    if (down && event.target === this.element) {
      event.preventDefault(); // Space on the board means "hold to pan", not "page down"
    }
    this.spaceHeld = down;
    this.element.classList.toggle('space-held', down);
  }

  /** A key released while another window had focus never reaches us. */
  protected spaceUp(): void {
    this.spaceHeld = false;
    this.element.classList.remove('space-held');
  }

  private pinch(event: PointerEvent): void {
    if (!this.touches.has(event.pointerId)) {
      return;
    }
    this.touches.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (this.touches.size !== 2) {
      return;
    }
    const distance = this.touchDistance();
    if (this.pinchDistance > 0 && distance > 0) {
      const [a, b] = [...this.touches.values()];
      const rect = this.element.getBoundingClientRect();
      const around = { x: (a.x + b.x) / 2 - rect.left, y: (a.y + b.y) / 2 - rect.top };
      this.viewport.zoomTo(this.viewport.zoom() * (distance / this.pinchDistance), around);
    }
    this.pinchDistance = distance;
  }

  private touchDistance(): number {
    if (this.touches.size !== 2) {
      return 0;
    }
    const [a, b] = [...this.touches.values()];
    return Math.hypot(a.x - b.x, a.y - b.y);
  }

  private offset(event: MouseEvent): { x: number; y: number } {
    const rect = this.element.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }
}

/** The cork itself, not a note, a cursor or a control on it. */
function isEmptyBoard(target: EventTarget | null, scroller: HTMLElement): boolean {
  return (
    target === scroller || (target instanceof HTMLElement && (target.classList.contains('surface') || target.classList.contains('sizer')))
  );
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || target.closest('input, textarea, select') !== null);
}
