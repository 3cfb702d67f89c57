import { ChangeDetectionStrategy, Component, type ElementRef, inject, viewChild } from '@angular/core';

import { BOARD_HEIGHT, BOARD_WIDTH } from '@contracts/boards';

import { ImportDrop } from '../jobs/import-drop';
import { CursorTracker } from '../presence/cursor-tracker';
import { RemoteCursors } from '../presence/remote-cursors';
import { BoardStore } from './board-store';
import { NOTE_WIDTH } from './note-entry';
import { freeSpot } from './placement';
import { StickyNote } from './sticky-note';

/** The scrollable cork surface holding the notes. */
@Component({
  selector: 'cb-board-canvas',
  imports: [StickyNote, CursorTracker, RemoteCursors, ImportDrop],
  template: `
    <div class="scroller" #scroller data-testid="board-canvas" cbCursorTracker>
      <div class="surface" #surface [style.width.px]="width" [style.height.px]="height" (dblclick)="addNoteAtPointer($event)">
        @for (note of store.notes(); track note.key) {
          <cb-sticky-note [note]="note" [author]="names().get(note.createdBy) ?? ''" />
        }
        <cb-remote-cursors />
      </div>
    </div>
    @if (store.notes().length === 0) {
      <p class="hint" data-testid="board-empty">
        {{
          store.canEdit() ? 'Double-click anywhere on the board, or use “New note”, to pin your first note.' : 'No notes on this board yet.'
        }}
      </p>
    }
    <cb-import-drop />
  `,
  styleUrl: './board-canvas.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BoardCanvas {
  protected readonly store = inject(BoardStore);
  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');
  private readonly surface = viewChild.required<ElementRef<HTMLElement>>('surface');

  protected readonly width = BOARD_WIDTH;
  protected readonly height = BOARD_HEIGHT;
  protected readonly names = this.store.memberNames;
  /** Adds a note in a free spot of what the user currently sees. */
  createInView(): void {
    const view = this.scroller().nativeElement;
    this.startNote(
      freeSpot({ left: view.scrollLeft, top: view.scrollTop, width: view.clientWidth, height: view.clientHeight }, this.store.notes()),
    );
  }

  protected addNoteAtPointer(event: MouseEvent): void {
    if (event.target !== this.surface().nativeElement || !this.store.canEdit()) {
      return;
    }
    const rect = this.surface().nativeElement.getBoundingClientRect();
    // Centre the note's top edge under the pointer.
    this.startNote({ x: event.clientX - rect.left - NOTE_WIDTH / 2, y: event.clientY - rect.top - 16 });
  }

  /** A new note opens straight into its editor. */
  private startNote(position: { x: number; y: number }): void {
    this.store.editingKey.set(this.store.create(position));
  }
}
