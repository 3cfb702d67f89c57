import {
  type AfterViewInit,
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  computed,
  effect,
  LOCALE_ID,
  inject,
  untracked,
  viewChild,
} from '@angular/core';

import { BOARD_HEIGHT, BOARD_WIDTH } from '@contracts/boards';

import { formatInteger } from '../i18n/format';
import { FollowBanner } from '../follow/follow-banner';
import { PanZoom } from '../follow/pan-zoom';
import { type ScrollView, toBoard, visibleBoard } from '../follow/viewport-math';
import { type ViewportHost, ViewportStore } from '../follow/viewport-store';
import { ZoomControls } from '../follow/zoom-controls';
import { ImportDrop } from '../jobs/import-drop';
import { CursorTracker } from '../presence/cursor-tracker';
import { RemoteCursors } from '../presence/remote-cursors';
import { BoardStore } from './board-store';
import { NOTE_WIDTH } from './note-entry';
import { freeSpot } from './placement';
import { StickyNote } from './sticky-note';

/** The scrollable, zoomable cork surface holding the notes. */
@Component({
  selector: 'cb-board-canvas',
  imports: [StickyNote, CursorTracker, RemoteCursors, ImportDrop, PanZoom, ZoomControls, FollowBanner],
  template: `
    <div
      class="scroller"
      #scroller
      data-testid="board-canvas"
      tabindex="0"
      [attr.aria-label]="label()"
      [attr.data-zoom]="viewport.zoom()"
      cbCursorTracker
      cbPanZoom
      (scroll)="viewport.changed()"
    >
      <!-- The scaled board's size, so the scroll range matches the zoom; the surface inside is scaled by a transform. -->
      <div class="sizer" #sizer [style.width.px]="width * viewport.zoom()" [style.height.px]="height * viewport.zoom()">
        <div
          class="surface"
          #surface
          [style.width.px]="width"
          [style.height.px]="height"
          [style.transform]="'scale(' + viewport.zoom() + ')'"
          (dblclick)="addNoteAtPointer($event)"
        >
          @for (note of store.notes(); track note.key) {
            <cb-sticky-note [note]="note" [author]="names().get(note.createdBy) ?? ''" />
          }
          <cb-remote-cursors />
        </div>
      </div>
    </div>
    @if (store.notes().length === 0) {
      <p class="hint" data-testid="board-empty">
        @if (store.canEdit()) {
          <ng-container i18n="@@board.canvas.emptyEditor"
            >Double-click anywhere on the board, or use “New note”, to pin your first note.</ng-container
          >
        } @else {
          <ng-container i18n="@@board.canvas.emptyViewer">No notes on this board yet.</ng-container>
        }
      </p>
    }
    <cb-follow-banner />
    <cb-zoom-controls />
    <cb-import-drop />
  `,
  styleUrl: './board-canvas.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BoardCanvas implements AfterViewInit, ViewportHost {
  protected readonly store = inject(BoardStore);
  protected readonly viewport = inject(ViewportStore);
  private readonly destroyRef = inject(DestroyRef);
  private readonly locale = inject(LOCALE_ID);
  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');
  private readonly sizer = viewChild.required<ElementRef<HTMLElement>>('sizer');
  private readonly surface = viewChild.required<ElementRef<HTMLElement>>('surface');

  protected readonly width = BOARD_WIDTH;
  protected readonly height = BOARD_HEIGHT;
  protected readonly names = this.store.memberNames;
  protected readonly label = computed(() => {
    const zoom = formatInteger(Math.round(this.viewport.zoom() * 100), this.locale);
    return $localize`:@@board.canvas.label:Board at ${zoom}:zoom: %. Drag the board or use the arrow keys to pan, + and − to zoom.`;
  });

  constructor() {
    effect(() => {
      const id = this.store.board()?.id;
      if (id) {
        untracked(() => this.viewport.open(id));
      }
    });
  }

  ngAfterViewInit(): void {
    this.viewport.attach(this);
    // A resize changes the centre others follow; old browsers and jsdom lack the observer.
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => this.viewport.changed());
    observer?.observe(this.scroller().nativeElement);
    this.viewport.changed();
    this.destroyRef.onDestroy(() => {
      observer?.disconnect();
      this.viewport.detach(this);
    });
  }

  view(): ScrollView {
    const view = this.scroller().nativeElement;
    return { left: view.scrollLeft, top: view.scrollTop, width: view.clientWidth, height: view.clientHeight };
  }

  apply(zoom: number, scroll: { left: number; top: number }): void {
    // Written at once, not at the next change detection: the scroll offsets must fit the new size.
    const sizer = this.sizer().nativeElement.style;
    sizer.width = `${BOARD_WIDTH * zoom}px`;
    sizer.height = `${BOARD_HEIGHT * zoom}px`;
    this.surface().nativeElement.style.transform = `scale(${zoom})`;
    const scroller = this.scroller().nativeElement;
    scroller.scrollLeft = scroll.left;
    scroller.scrollTop = scroll.top;
  }

  /** Adds a note in a free spot of what the user currently sees. */
  createInView(): void {
    this.startNote(freeSpot(visibleBoard(this.view(), this.viewport.zoom()), this.store.notes()));
  }

  protected addNoteAtPointer(event: MouseEvent): void {
    if (event.target !== this.surface().nativeElement || !this.store.canEdit()) {
      return;
    }
    const rect = this.scroller().nativeElement.getBoundingClientRect();
    const point = toBoard(this.view(), this.viewport.zoom(), event.clientX - rect.left, event.clientY - rect.top);
    // Centre the note's top edge under the pointer.
    this.startNote({ x: point.x - NOTE_WIDTH / 2, y: point.y - 16 });
  }

  /** A new note opens straight into its editor. */
  private startNote(position: { x: number; y: number }): void {
    this.store.editingKey.set(this.store.create(position));
  }
}
